-- wrk script for the fault drill: cycles through the calendar's main reads and
-- counts every response by status code (each thread counts; done() adds up).
local paths = {
  "/2013/09/",
  "/calendar.ics",
  "/api/events/?kind=exercise",
  "/agenda/?from=2013-01-01",
  "/events/interaction-2013/",
  "/healthz",
}
local codes = {200, 301, 302, 304, 400, 403, 404, 429, 500, 502, 503, 504}
local threads = {}
local n = 0

function setup(thread)
  table.insert(threads, thread)
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  local name = "c" .. status
  _G[name] = (_G[name] or 0) + 1
end

function done(summary, latency, requests)
  io.write("status counts:\n")
  for _, code in ipairs(codes) do
    local total = 0
    for _, thread in ipairs(threads) do
      total = total + (thread:get("c" .. code) or 0)
    end
    io.write(string.format("  %d: %d\n", code, total))
  end
  local e = summary.errors
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
end
