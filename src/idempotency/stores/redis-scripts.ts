import { createHash } from 'node:crypto';

// The three Lua scripts of RedisIdempotencyStore. One Redis key per Idempotency-Key holds either
// a lease or a stored response, as one string (newline-separated; every field but the last is
// newline-free: base64url hashes and tokens, a status, JSON):
//   lease     "r\n<token>\n<fingerprint>"                                   PX lease
//   response  "d\n<fingerprint>\n<status>\n<headers JSON>\n<body base64>"    PX ttl
// Redis expiring the key is what frees a dead process's lease: no sweeper, no clock of ours.

/**
 * KEYS[1] the key; ARGV fingerprint, token, lease ms. Claims a free key (SET … PX), else reports
 * it: { 0 } claimed, { 1, value, pttl } running, { 2, value } done.
 */
export const CLAIM_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], 'r\\n' .. ARGV[2] .. '\\n' .. ARGV[1], 'PX', ARGV[3])
  return { 0 }
end
if string.sub(v, 1, 1) == 'r' then return { 1, v, redis.call('PTTL', KEYS[1]) } end
return { 2, v }
`;

/**
 * KEYS[1] the key; ARGV token, "<status>\n<headers JSON>\n<body base64>", ttl ms. Stores the
 * response under the lease's fingerprint if `token` still holds the lease: 1, else 0.
 */
export const COMPLETE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
local lease = 'r\\n' .. ARGV[1] .. '\\n'
if not v or string.sub(v, 1, #lease) ~= lease then return 0 end
redis.call('SET', KEYS[1], 'd\\n' .. string.sub(v, #lease + 1) .. '\\n' .. ARGV[2], 'PX', ARGV[3])
return 1
`;

/** KEYS[1] the key; ARGV token. Deletes the key if `token` holds its lease: 1, else 0. */
export const RELEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
local lease = 'r\\n' .. ARGV[1] .. '\\n'
if v and string.sub(v, 1, #lease) == lease then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** A script and its SHA-1, for EVALSHA. */
export type Script = { readonly source: string; readonly sha: string };

export const script = (source: string): Script => ({
  source,
  sha: createHash('sha1').update(source).digest('hex'),
});
