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
local n = #KEYS
if n == 1 and ARGV[4] == 'r' then
  -- One rate policy, the common check: the loop below without its tables, and numbers handed to
  -- SET as numbers (Redis writes them with 17 digits: exact below 2^53, no string.format).
  local a, b = tonumber(ARGV[5]), tonumber(ARGV[6])
  local tat0 = now
  local raw = redis.call('GET', KEYS[1])
  local st = raw and tonumber(raw)
  -- As below, a state not written in digits reads as none; checked only when it would count.
  if st and st > now and string.find(raw, '^%d+$') then tat0 = st end
  local tat1 = tat0 + cost * a
  if tat1 - now <= b then
    local ahead = tat1 - now
    local reset = math.ceil(ahead / 1000)
    if cost > 0 then redis.call('SET', KEYS[1], tat1, 'PX', reset + tonumber(ARGV[3])) end
    return { 1, now, 1, math.floor((b - ahead) / a), reset, 0 }
  end
  local ahead = tat0 - now
  local retry = -1
  if cost <= tonumber(ARGV[7]) then retry = math.ceil((tat1 - now - b) / 1000) end
  return { 0, now, 0, math.floor((b - ahead) / a), math.ceil(ahead / 1000), retry }
end
local out = { 1, now }
-- pre: tat0 or used0 of each policy, for the cost-0 report of admitting policies on a refusal.
local pre, saves = {}, {}
for i = 1, n do
  local p, o = 4 * i, 4 * i - 1
  local a, b = tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2])
  local raw = redis.call('GET', KEYS[i])
  if ARGV[p] == 'r' then
    -- GCRA: a = T, b = tau, ARGV[p + 3] = burst.
    local tat0 = now
    if raw and string.find(raw, '^%d+$') then
      local st = tonumber(raw)
      if st > now then tat0 = st end
    end
    pre[i] = tat0
    local tat1 = tat0 + cost * a
    if tat1 - now <= b then
      local ahead = tat1 - now
      out[o], out[o + 1], out[o + 2], out[o + 3] = 1, math.floor((b - ahead) / a), math.ceil(ahead / 1000), 0
      if cost > 0 then saves[i] = string.format('%.0f', tat1) end
    else
      out[1] = 0
      local ahead = tat0 - now
      local retry = -1
      if cost <= tonumber(ARGV[p + 3]) then retry = math.ceil((tat1 - now - b) / 1000) end
      out[o], out[o + 1], out[o + 2], out[o + 3] = 0, math.floor((b - ahead) / a), math.ceil(ahead / 1000), retry
    end
  else
    -- Fixed window: a = limit, b = W.
    local start = math.floor(now / b) * b
    local used = 0
    if raw then
      local s, u = string.match(raw, '^(%d+):(%d+)$')
      if s and tonumber(s) == start then used = tonumber(u) end
    end
    pre[i] = used
    local reset = math.ceil((start + b - now) / 1000)
    if used + cost <= a then
      out[o], out[o + 1], out[o + 2], out[o + 3] = 1, a - (used + cost), reset, 0
      if cost > 0 then saves[i] = string.format('%.0f:%.0f', start, used + cost) end
    else
      out[1] = 0
      local retry = reset
      if cost > a then retry = -1 end
      out[o], out[o + 1], out[o + 2], out[o + 3] = 0, a - used, reset, retry
    end
  end
end
if out[1] == 1 then
  if cost > 0 then
    local pad = tonumber(ARGV[3])
    for i = 1, n do
      -- The TTL is the policy's resetMs: until the TAT, or the end of the quota window.
      redis.call('SET', KEYS[i], saves[i], 'PX', string.format('%.0f', out[4 * i + 1] + pad))
    end
  end
else
  -- Nothing is stored; an admitting policy reports what a cost-0 check would: the state before
  -- this check, which a cost-0 check always admits (so retryAfterMs stays 0, and a quota's
  -- resetMs does not depend on the state).
  for i = 1, n do
    local p, o = 4 * i, 4 * i - 1
    if out[o] == 1 then
      if ARGV[p] == 'r' then
        local a, b = tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2])
        local ahead = pre[i] - now
        out[o + 1], out[o + 2] = math.floor((b - ahead) / a), math.ceil(ahead / 1000)
      else
        out[o + 1] = tonumber(ARGV[p + 1]) - pre[i]
      end
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
 * `numkeys, keys..., args...` of the script for one check (what follows the SHA or the source):
 * the keys are `keyPrefix` + each policy's name. `nowUs` undefined: the script reads the
 * server's `TIME`. `ttlPadMs`: added to every TTL.
 */
export function scriptArgs(
  keyPrefix: string,
  policies: readonly Policy[],
  cost: number,
  nowUs: number | undefined,
  ttlPadMs = 0,
): string[] {
  const now = nowUs === undefined ? '' : String(nowUs);
  if (policies.length === 1) {
    // Most checks: one array literal, no spreads.
    const policy = policies[0] as Policy;
    const p = policyArgs(policy);
    const key = keyPrefix + policy.name;
    return ['1', key, now, String(cost), String(ttlPadMs), p[0], p[1], p[2], p[3]] as string[];
  }
  const out = [String(policies.length)];
  for (const policy of policies) out.push(keyPrefix + policy.name);
  out.push(now, String(cost), String(ttlPadMs));
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
