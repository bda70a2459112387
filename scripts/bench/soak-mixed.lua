-- wrk script for scripts/soak.sh: a mixed load over many distinct cache keys.
--   3 of 4 requests: the cached task POST. Half of them walk through all SETS (default 10000) distinct
--                    associate sets in turn (misses and evictions once the sets outgrow cache.max_bytes), the
--                    other half pick among the first HOT (default 1000) sets (mostly hits). 2 of 3 accept
--                    gzip, 1 of 3 is an identity-only client (the gateway inflates a cached answer for it).
--   1 of 4 requests: an uncached pass-through GET /api/v1/Contact/{1..30}.
-- Set i (0-based) holds 1 + i % 40 associates: i+1, i+1+10007, i+1+2*10007, ...; its smallest id is unique
-- (i+1 <= 10000 < 10007), so every set is a distinct cache key (about 60 KB of JSON on average from the
-- stand-in). Ids are listed largest first, so the gateway normalises the order.
-- Env: API_KEY (default bench-key), SETS, HOT.
local api_key = os.getenv("API_KEY") or "bench-key"
local sets = tonumber(os.getenv("SETS") or "10000")
local hot = math.min(tonumber(os.getenv("HOT") or "1000"), sets)
local task_path = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
local tasks = {}
local contacts = {}
local n = 0
local t = 0

function init(args)
  for i = 0, sets - 1 do
    local ids = {}
    for k = 1 + i % 40, 1, -1 do
      ids[#ids + 1] = tostring(i + 1 + (k - 1) * 10007)
    end
    local body = '{"AssociateIds":[' .. table.concat(ids, ",") .. ']}'
    local common = { ["X-API-Key"] = api_key, ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
    local gzip = { ["Accept-Encoding"] = "gzip" }
    for name, value in pairs(common) do gzip[name] = value end
    tasks[i] = {
      wrk.format("POST", task_path, gzip, body),
      wrk.format("POST", task_path, common, body),
    }
  end
  for id = 1, 30 do
    contacts[id] = wrk.format("GET", "/api/v1/Contact/" .. id, { ["X-API-Key"] = api_key, ["Accept"] = "application/json" })
  end
end

function request()
  n = n + 1
  if n % 4 == 0 then
    return contacts[1 + (n / 4) % 30]
  end
  local index
  if t % 2 == 0 then
    index = (t / 2) % sets
  else
    index = ((t - 1) / 2 * 7919) % hot
  end
  local encoding = (t % 3 == 0) and 2 or 1
  t = t + 1
  return tasks[index][encoding]
end
