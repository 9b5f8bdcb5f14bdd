-- wrk script for `cargo xtask bench`. Environment:
--   BENCH_METHOD  GET or POST
--   BENCH_PATHS   space-separated paths, taken round robin (each thread
--                 starting half the list after the one before)
--   BENCH_TOKEN   bearer token (optional)
--   BENCH_BODY    request body; "{n}" becomes a unique id per request
--   BENCH_RUN     a run id, so ids stay unique across runs
-- Prints one line: BENCH requests duration_us p50_us p99_us non2xx socket_errors p95_us

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")
local run = os.getenv("BENCH_RUN") or "0"
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  table.insert(paths, p)
end

local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

-- Each thread starts its round half a list apart from the previous one, so
-- two threads do not ask for the same path at the same moment.
local counter = 0
function init(args)
  counter = (tid - 1) * math.floor(#paths / 2)
end
local headers = { ["Content-Type"] = "application/json" }
if token and token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local b = nil
  if body and body ~= "" then
    b = string.gsub(body, "{n}", run .. "-" .. tostring(tid) .. "-" .. tostring(counter))
  end
  return wrk.format(method, path, headers, b)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(95)))
end
