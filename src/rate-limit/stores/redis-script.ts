import { createHash } from 'node:crypto';
import { gcraParams } from '../gcra.js';
import type { CheckResult, Policy, PolicyOutcome } from '../types.js';

/**
 * The one Lua script of a check: every policy of the check, all-or-nothing, in one round trip.
 * It mirrors `evaluate()` (evaluate.ts, gcra.ts, quota.ts) step for step, in integer
 * microseconds held in Lua numbers (IEEE doubles, like JavaScript's), so both compute the same
 * bits: `/` is float division, then `math.floor`/`math.ceil` as `Math.floor`/`Math.ceil`.
 *
 * KEYS[i]  the state of policy i: rate "TAT" (µs), quota "START:USED" (µs, units); all the keys
 *          of one check share a hash tag, so the script runs on Redis Cluster.
 * ARGV[1]  now in µs, or '' to read the server's clock (`TIME`): the default, so app-host clocks
 *          cannot skew limits. Tests pass their clock here.
 * ARGV[2]  cost.
 * ARGV[3]  milliseconds added to every TTL: 0, except under a test clock (see below).
 * ARGV[4 + 4(i-1) ..]  per policy: 'r', T, τ, burst (rate) or 'q', limit, W (µs), 0 (quota).
 *
 * Reply: { allowed, nowUs, then per policy: allowed, remaining, resetMs, retryAfterMs }, all
 * integers (Lua booleans would not survive the conversion to a Redis reply).
 *
 * Writes happen only when every policy admits and cost > 0: `SET key state PX ttl`, with the
 * TTL relative (until the TAT, or the end of the quota window) so idle keys vanish by themselves
 * on the server's clock. Expiry is only housekeeping, never part of a decision: a TAT ≤ now, or
 * a quota of another window, reads exactly as no state. So under a test clock (ARGV[1] given),
 * which does not move with Redis's own clock, the store pads TTLs (ARGV[3]) so that state cannot
 * vanish between two checks of a frozen clock. Numbers are written with '%.0f' (Lua's
 * `tostring` would print 1.8e+15).
 */
export const CHECK_SCRIPT = `
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local cost = tonumber(ARGV[2])
local pad = tonumber(ARGV[3])
local n = #KEYS
local kind, a, b, c, states = {}, {}, {}, {}, {}
for i = 1, n do
  local base = 4 + (i - 1) * 4
  kind[i] = ARGV[base]
  a[i] = tonumber(ARGV[base + 1])
  b[i] = tonumber(ARGV[base + 2])
  c[i] = tonumber(ARGV[base + 3])
  local raw = redis.call('GET', KEYS[i])
  if raw then
    if kind[i] == 'r' then
      if string.match(raw, '^%d+$') then states[i] = tonumber(raw) end
    else
      local s, u = string.match(raw, '^(%d+):(%d+)$')
      if s then states[i] = { tonumber(s), tonumber(u) } end
    end
  end
end

-- One policy with a cost: allowed, remaining, resetMs, retryAfterMs, new state, TTL in ms.
local function decide(i, k)
  local st = states[i]
  if kind[i] == 'r' then
    local T, tau, burst = a[i], b[i], c[i]
    local tat0 = now
    if st ~= nil and st >= now then tat0 = st end
    local tat1 = tat0 + k * T
    local ok = tat1 - now <= tau
    local nxt = tat0
    if ok then nxt = tat1 end
    local ahead = nxt - now
    local retry = 0
    if not ok then
      if k > burst then retry = -1 else retry = math.ceil((tat1 - now - tau) / 1000) end
    end
    return ok, math.floor((tau - ahead) / T), math.ceil(ahead / 1000), retry,
      string.format('%.0f', nxt), math.ceil(ahead / 1000)
  end
  local limit, w = a[i], b[i]
  local start = math.floor(now / w) * w
  local used0 = 0
  if st ~= nil and st[1] == start then used0 = st[2] end
  local ok = used0 + k <= limit
  local used = used0
  if ok then used = used0 + k end
  local reset = math.ceil((start + w - now) / 1000)
  local retry = 0
  if not ok then
    if k > limit then retry = -1 else retry = reset end
  end
  return ok, limit - used, reset, retry, string.format('%.0f:%.0f', start, used), reset
end

local out = { 1, now }
local allowed = true
local saves, ttls = {}, {}
for i = 1, n do
  local ok, remaining, reset, retry, save, ttl = decide(i, cost)
  if not ok then allowed = false end
  local o = 3 + (i - 1) * 4
  if ok then out[o] = 1 else out[o] = 0 end
  out[o + 1], out[o + 2], out[o + 3] = remaining, reset, retry
  saves[i], ttls[i] = save, ttl
end
if allowed then
  if cost > 0 then
    for i = 1, n do
      redis.call('SET', KEYS[i], saves[i], 'PX', string.format('%.0f', ttls[i] + pad))
    end
  end
else
  out[1] = 0
  -- Nothing is stored; an admitting policy reports what a cost-0 check would.
  for i = 1, n do
    local o = 3 + (i - 1) * 4
    if out[o] == 1 then
      local _, remaining, reset, retry = decide(i, 0)
      out[o + 1], out[o + 2], out[o + 3] = remaining, reset, retry
    end
  end
end
return out
`;

/** The SHA1 of `CHECK_SCRIPT`, as `SCRIPT LOAD` answers it and `EVALSHA` takes it. */
export const CHECK_SCRIPT_SHA = createHash('sha1').update(CHECK_SCRIPT).digest('hex');

const argsCache = new WeakMap<Policy, readonly string[]>();

/** The four script arguments of a policy (computed once per policy object). */
function policyArgs(policy: Policy): readonly string[] {
  let args = argsCache.get(policy);
  if (args === undefined) {
    if (policy.kind === 'rate') {
      const p = gcraParams(policy);
      args = ['r', String(p.intervalUs), String(p.toleranceUs), String(p.burst)];
    } else {
      args = ['q', String(policy.limit), String(policy.windowMs * 1000), '0'];
    }
    argsCache.set(policy, args);
  }
  return args;
}

/**
 * `numkeys, keys..., args...` of the script for one check (what follows the SHA or the source).
 * `nowUs` undefined: the script reads the server's `TIME`. `ttlPadMs`: added to every TTL.
 */
export function scriptArgs(
  keys: readonly string[],
  policies: readonly Policy[],
  cost: number,
  nowUs: number | undefined,
  ttlPadMs = 0,
): string[] {
  const out = [String(keys.length), ...keys];
  out.push(nowUs === undefined ? '' : String(nowUs), String(cost), String(ttlPadMs));
  for (const policy of policies) out.push(...policyArgs(policy));
  return out;
}

const toInt = (value: unknown): number => {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new TypeError(`errata: unexpected reply from the rate-limit script: ${String(value)}`);
  }
  return n;
};

/** A script reply as a `CheckResult` (outcomes in policy order). */
export function parseReply(reply: unknown, policies: readonly Policy[]): CheckResult {
  if (!Array.isArray(reply) || reply.length !== 2 + 4 * policies.length) {
    throw new TypeError('errata: unexpected reply shape from the rate-limit script.');
  }
  const outcomes: PolicyOutcome[] = [];
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i] as Policy;
    const o = 2 + 4 * i;
    outcomes.push({
      name: policy.name,
      kind: policy.kind,
      limit: policy.limit,
      remaining: toInt(reply[o + 1]),
      resetMs: toInt(reply[o + 2]),
      retryAfterMs: toInt(reply[o + 3]),
      allowed: toInt(reply[o]) === 1,
    });
  }
  return {
    allowed: toInt(reply[0]) === 1,
    outcomes,
    now: Math.floor(toInt(reply[1]) / 1000),
  };
}
