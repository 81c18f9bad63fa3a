-- wrk script for bench/run.py: one JSON line with the run's figures.
-- With BENCH_BUST set, every request gets its own ?nocache=N, so no two requests
-- share a cache entry: the figures are those of a page built from the database.
-- Run with one thread (-t1), so the counter is never shared.
local counter = 0

if os.getenv("BENCH_BUST") then
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  request = function()
    counter = counter + 1
    return wrk.format(nil, wrk.path .. separator .. "nocache=" .. counter)
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
