-- kv.lua: a wrk script that drives RaftKV's HTTP API or etcd's v3 JSON gateway with the same requests, so the
-- two systems can be compared with a load generator that is not RaftKV's own.
--
-- Each request picks a key uniformly from bench/key-00000000 .. (the names RaftKV's load tool uses, so keys
-- written by `raftkv-bench load` can be read back) and either writes the fixed value to it or reads it:
--   raftkv put: PUT /v1/kv/{key}, body = the raw value        get: GET /v1/kv/{key} (linearizable by default)
--   etcd   put: POST /v3/kv/put {"key": b64, "value": b64}    get: POST /v3/kv/range {"key": b64}
--                                                              (linearizable: serializable defaults to false)
-- The value is the same bytes for both systems; etcd gets them base64-encoded, as its gateway requires.
--
-- Configuration comes from the environment (wrk's setup() sees no script arguments):
--   WRK_TARGET      raftkv | etcd (required)
--   WRK_WORKLOAD    put | get (required)
--   WRK_KEYS        distinct keys (default 1000)
--   WRK_VALUE_SIZE  value bytes (default 256)
--   WRK_ADDRS       comma-separated host:port list; thread i connects to entry ((i - 1) mod n) + 1, so the
--                   threads are spread over the members (default: the URL's host only)
-- done() prints one line starting with "wrk_result" (requests, duration and latency percentiles in µs,
-- errors by kind) for the bench scripts to parse; wrk's own report (with --latency) comes before it.

local target = os.getenv("WRK_TARGET")
local workload = os.getenv("WRK_WORKLOAD")
local keys = tonumber(os.getenv("WRK_KEYS") or "1000")
local value_size = tonumber(os.getenv("WRK_VALUE_SIZE") or "256")

if target ~= "raftkv" and target ~= "etcd" then error("WRK_TARGET must be raftkv or etcd, got " .. tostring(target)) end
if workload ~= "put" and workload ~= "get" then error("WRK_WORKLOAD must be put or get, got " .. tostring(workload)) end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local d = { math.floor(n / 262144) % 64, math.floor(n / 4096) % 64, math.floor(n / 64) % 64, n % 64 }
    out[#out + 1] = B64:sub(d[1] + 1, d[1] + 1) .. B64:sub(d[2] + 1, d[2] + 1)
      .. (b and B64:sub(d[3] + 1, d[3] + 1) or "=") .. (c and B64:sub(d[4] + 1, d[4] + 1) or "=")
  end
  return table.concat(out)
end

-- Printable bytes, so wrk's report and any log stay readable; same value for every key and both systems.
local value = string.rep("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", math.ceil(value_size / 62))
  :sub(1, value_size)
local value_b64 = base64(value)

local function build(i)
  local key = string.format("bench/key-%08d", i)
  if target == "raftkv" then
    if workload == "put" then
      return wrk.format("PUT", "/v1/kv/" .. key, { ["Content-Type"] = "application/octet-stream" }, value)
    end
    return wrk.format("GET", "/v1/kv/" .. key)
  end
  local json = { ["Content-Type"] = "application/json" }
  if workload == "put" then
    return wrk.format("POST", "/v3/kv/put", json, '{"key":"' .. base64(key) .. '","value":"' .. value_b64 .. '"}')
  end
  return wrk.format("POST", "/v3/kv/range", json, '{"key":"' .. base64(key) .. '"}')
end

-- setup() runs in wrk's main Lua state once per thread, before that thread's init().
local addrs = nil
local threads = 0
function setup(thread)
  local list = os.getenv("WRK_ADDRS")
  if list and list ~= "" then
    if not addrs then
      addrs = {}
      for hostport in list:gmatch("[^,]+") do
        local host, port = hostport:match("^(.+):(%d+)$")
        addrs[#addrs + 1] = wrk.lookup(host, port)[1]
      end
    end
    thread.addr = addrs[threads % #addrs + 1]
  end
  threads = threads + 1
  thread:set("thread_id", threads)
end

-- Per thread: its own random sequence and a cache of built requests (one per key it has used).
local cache = {}
function init(args)
  math.randomseed(thread_id or 1)
end

function request()
  local i = math.random(0, keys - 1)
  local r = cache[i]
  if not r then
    r = build(i)
    cache[i] = r
  end
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "wrk_result requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d"
      .. " errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
