-- wrk script: sends the request given in the environment (METHOD, API_KEY) to the URL on the
-- command line, counts the statuses it gets back, and prints the request count and the latency
-- percentiles. Fails the run when any answer is not the expected status (EXPECT, default 503).

local method = os.getenv("METHOD") or "DELETE"
local api_key = os.getenv("API_KEY")
local expect = tonumber(os.getenv("EXPECT") or "503")
local threads = {}

wrk.method = method
wrk.headers["Authorization"] = "Bearer " .. api_key

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
end

function response(status, headers, body)
  if status ~= expect then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
  end
  io.write(string.format("requests: %d\n", summary.requests))
  io.write(string.format("unexpected statuses: %d\n", wrong))
  io.write(string.format("socket errors: %d\n", summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
  io.write(string.format("p50: %.3f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("p99: %.3f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("max: %.3f ms\n", latency.max / 1000))
end
