-- Shared by the bench scripts: counts answers that are not successes and prints one line for the scripts to read:
--   RESULT <requests/s> <p50 ms> <p99 ms> <failures>
-- A success is a 200 whose body holds one of the markers given after `--` (any 200 when none is given).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  markers = args
  failures = 0
end

function response(status, headers, body)
  local ok = status == 200
  if ok and #markers > 0 then
    ok = false
    for _, marker in ipairs(markers) do
      if body:find(marker, 1, true) then ok = true; break end
    end
  end
  if not ok then failures = failures + 1 end
end

function done(summary, latency, requests)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
  io.write(string.format("RESULT %.1f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed))
end
