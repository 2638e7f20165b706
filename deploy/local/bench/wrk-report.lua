-- Shared by the bench scripts: counts answers that are not successes and prints one line for the scripts to read:
--   RESULT <requests/s> <p50 ms> <p99 ms> <failures> <successes> <non-success answers> <socket errors and timeouts>
-- where failures = non-success answers + socket errors (connect, read, write) + timeouts, and, when there was one:
--   FIRST_FAILURE <HTTP status> <the first 200 characters of its body>
-- A success is a 200 whose body holds one of the markers given after `--` (any 200 when none is given) and none of
-- the markers written with a leading `!` (`!"isError":true`: a body holding it is a failure).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  markers, forbidden = {}, {}
  for _, marker in ipairs(args) do
    if string.sub(marker, 1, 1) == "!" then table.insert(forbidden, string.sub(marker, 2))
    else table.insert(markers, marker) end
  end
  failures = 0
  successes = 0
  first_failure = ""
end

function response(status, headers, body)
  local ok = status == 200
  if ok and #markers > 0 then
    ok = false
    for _, marker in ipairs(markers) do
      if body:find(marker, 1, true) then ok = true; break end
    end
  end
  if ok then
    for _, marker in ipairs(forbidden) do
      if body:find(marker, 1, true) then ok = false; break end
    end
  end
  if ok then
    successes = successes + 1
  else
    failures = failures + 1
    if first_failure == "" then
      first_failure = status .. " " .. (string.gsub(string.sub(body or "", 1, 200), "%s+", " "))
    end
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local answers, ok, first = 0, 0, ""
  for _, thread in ipairs(threads) do
    answers = answers + thread:get("failures")
    ok = ok + thread:get("successes")
    if first == "" then first = thread:get("first_failure") or "" end
  end
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, answers + errors, ok, answers, errors))
  if first ~= "" then io.write("FIRST_FAILURE " .. first .. "\n") end
end
