-- wrk script: MCP JSON-RPC requests, one per POST to /mcp (Streamable HTTP, stateless: no session, no initialize
-- needed), counted by wrk-report.lua (markers after `--`, e.g. '"received":true' '!"isError":true').
-- Environment (each wrk thread reads it):
--   MCP_TOKEN             bearer token (required)
--   MCP_METHOD            tools/call (default), tools/list, ping, ...
--   MCP_TOOLS             tools/call: a file with one tool name a line; calls rotate over them
--   MCP_ARGUMENTS         tools/call: the arguments, a JSON object (default {})
--   MCP_PARAMS            other methods: params, a JSON object (e.g. {"cursor":"..."}; default none)
--   MCP_PATH              default /mcp
--   MCP_PROTOCOL_VERSION  the MCP-Protocol-Version header, default 2025-11-25
local here = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
dofile(here .. "wrk-report.lua")

local token = os.getenv("MCP_TOKEN") or error("MCP_TOKEN is not set")
local method = os.getenv("MCP_METHOD") or "tools/call"
local path = os.getenv("MCP_PATH") or "/mcp"
local arguments = os.getenv("MCP_ARGUMENTS") or "{}"
local params = os.getenv("MCP_PARAMS")
local headers = {
  ["Authorization"] = "Bearer " .. token,
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json, text/event-stream",
  ["MCP-Protocol-Version"] = os.getenv("MCP_PROTOCOL_VERSION") or "2025-11-25",
}
local tools = {}
if method == "tools/call" then
  local file = os.getenv("MCP_TOOLS") or error("MCP_TOOLS (a file of tool names) is not set")
  for line in io.lines(file) do
    if line ~= "" then table.insert(tools, line) end
  end
  if #tools == 0 then error("no tool names in " .. file) end
end
local id = 0
local next_tool = math.random(math.max(#tools, 1))

function request()
  id = id + 1
  local body
  if method == "tools/call" then
    next_tool = next_tool % #tools + 1
    -- tool names are [A-Za-z0-9_.-]: nothing to escape
    body = '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/call","params":{"name":"' .. tools[next_tool]
      .. '","arguments":' .. arguments .. '}}'
  else
    body = '{"jsonrpc":"2.0","id":' .. id .. ',"method":"' .. method .. '"' .. (params and (',"params":' .. params) or "") .. '}'
  end
  return wrk.format("POST", path, headers, body)
end
