-- wrk script: POST /v1/connectors with unique names until each thread has made its share of `total`.
-- Usage: wrk -tN -cN -d1200s -s create-connectors.lua URL -- <token> <per-thread count> <run id>
local made = 0
local share, token, run

function setup(thread)
  thread_index = (thread_index or 0) + 1
  thread:set("tid", thread_index)
end

function init(args)
  token = args[1]
  share = tonumber(args[2])
  run = args[3]
end

function request()
  made = made + 1
  if made > share then wrk.thread:stop() end
  local body = string.format(
    '{"name":"bench-%s-%d-%d","agent_id":"00000000-0000-4000-8000-%012d","connector_type":"crowdstrike",' ..
    '"permitted_operations":["detections:read"],"credentials":{"client_id":"bench","client_secret":"bench-secret-%d"}}',
    run, tid, made, made % 100, made)
  return wrk.format("POST", "/v1/connectors",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
