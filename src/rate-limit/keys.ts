import * as ipaddrModule from 'ipaddr.js';
import { RateLimitConfigError } from './errors.js';

// ipaddr.js is CommonJS (`module.exports = ipaddr`): Node's ESM loader hands it over as the
// default export, which this project's compiler settings only let us reach through the namespace.
const ipaddr: typeof ipaddrModule =
  (ipaddrModule as unknown as { default?: typeof ipaddrModule }).default ?? ipaddrModule;

/**
 * Which proxies in front of the app to believe about the client address:
 * - a number: that many hops (0, the default, believes no `X-Forwarded-For` at all);
 * - CIDR ranges, single addresses or the names `loopback`, `linklocal`, `uniquelocal`: every
 *   hop whose address is in them is a trusted proxy.
 */
export type TrustProxy = number | string | readonly string[];

/** Request headers: a Node/Express headers object or a fetch `Headers`. */
export type HeaderSource =
  | { readonly [name: string]: string | readonly string[] | undefined }
  | { get(name: string): string | null };

/** What a key generator reads from a request; adapters build it. */
export type KeyRequest = {
  /** The socket's peer address (`req.socket.remoteAddress`); undefined when unknown. */
  readonly remoteAddress: string | undefined;
  readonly headers: HeaderSource;
};

export type ClientIpOptions = {
  /** @default 0: `X-Forwarded-For` is ignored */
  trustProxy?: TrustProxy | undefined;
};

export type IpKeyOptions = {
  /** IPv6 addresses in one prefix share a key (one customer usually gets a /56 or /48). @default 56 */
  ipv6Prefix?: number | undefined;
  /** IPv4 addresses in one prefix share a key. @default 32 */
  ipv4Prefix?: number | undefined;
};

export type KeyGeneratorOptions<R extends KeyRequest = KeyRequest> = ClientIpOptions &
  IpKeyOptions & {
    /**
     * The client's verified identity (an API key found in your key store, a principal), when it
     * has one; else the IP is the key. Keys become `id:<value>` and `ip:<address or prefix>`,
     * so neither can pose as the other. Never a raw header: a client sending a new value per
     * request would be a new client each time.
     * @example by: (req) => (apiKeys.has(req.headers['x-api-key']) ? req.headers['x-api-key'] : undefined)
     */
    by?: ((request: R) => string | readonly string[] | null | undefined) | undefined;
    /** Longest key kept as is; longer ones (and ones with control characters) are hashed. @default 256 */
    maxKeyLength?: number | undefined;
  };

/** At most this many `X-Forwarded-For` entries are ever looked at. */
const MAX_HOPS = 32;
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

type IPv4 = ipaddrModule.IPv4;
type IPv6 = ipaddrModule.IPv6;
type Address = IPv4 | IPv6;

/** Parse an address as found in headers and sockets; IPv4-mapped IPv6 becomes IPv4. */
export function parseIp(text: string): Address | undefined {
  let s = text.trim();
  if (s.length === 0 || s.length > 64) return undefined;
  // `[v6]:port`, `[v6]` and `v4:port`, as some proxies write them.
  const bracket = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracket !== null) s = bracket[1] as string;
  else {
    const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(s);
    if (v4port !== null) s = v4port[1] as string;
  }
  // Zone ids (`fe80::1%eth0`) name an interface of this host, not a client.
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  if (!ipaddr.IPv6.isValid(s) && !ipaddr.IPv4.isValidFourPartDecimal(s)) return undefined;
  try {
    return ipaddr.process(s);
  } catch {
    return undefined;
  }
}

function trustFunction(trust: TrustProxy | undefined): (address: Address, hop: number) => boolean {
  if (trust === undefined) return () => false;
  if (typeof trust === 'number') {
    if (!Number.isSafeInteger(trust) || trust < 0 || trust > MAX_HOPS) {
      throw new RateLimitConfigError(
        'ERR_TRUST_PROXY',
        `trustProxy hops must be an integer from 0 to ${MAX_HOPS}; got ${trust}.`,
      );
    }
    return (_address, hop) => hop < trust;
  }
  const list = typeof trust === 'string' ? trust.split(',') : trust;
  if (!Array.isArray(list)) {
    throw new RateLimitConfigError('ERR_TRUST_PROXY', 'trustProxy must be a number or ranges.');
  }
  const ranges: [Address, number][] = [];
  for (const raw of list.flatMap((r) => NAMED_RANGES[String(r).trim()] ?? [String(r).trim()])) {
    try {
      if (raw.includes('/')) {
        const [address, bits] = ipaddr.parseCIDR(raw);
        ranges.push(
          address.kind() === 'ipv6' && (address as IPv6).isIPv4MappedAddress()
            ? [(address as IPv6).toIPv4Address(), Math.max(0, bits - 96)]
            : [address, bits],
        );
      } else {
        const address = ipaddr.process(raw);
        ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      }
    } catch {
      throw new RateLimitConfigError(
        'ERR_TRUST_PROXY',
        `trustProxy: ${JSON.stringify(raw)} is not an IP address, a CIDR range or one of ${Object.keys(NAMED_RANGES).join(', ')}.`,
      );
    }
  }
  return (address) =>
    ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/** The value of one header, joined with `, ` when repeated. */
export function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | readonly string[] | undefined>)[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** The last `max` comma-separated entries of a header, rightmost first, without a full split. */
function lastEntries(value: string, max: number): string[] {
  const out: string[] = [];
  let end = value.length;
  while (out.length < max && end >= 0) {
    const comma = value.lastIndexOf(',', end - 1);
    out.push(value.slice(comma + 1, end));
    if (comma === -1) break;
    end = comma;
  }
  return out;
}

/**
 * Make `(remoteAddress, forwardedFor) => client address`. Hops are walked from the socket
 * towards the client while they are trusted; the first untrusted hop is the client. An entry that
 * is not an IP address ends the walk at the last valid hop before it, so a forged
 * `X-Forwarded-For` can never do more than a client could anyway. Returns the address in
 * canonical form (IPv4-mapped IPv6 as IPv4), or undefined when even the socket's is unknown.
 */
export function createClientIp(
  options: ClientIpOptions = {},
): (remoteAddress: string | undefined, forwardedFor: string | undefined) => Address | undefined {
  const trusted = trustFunction(options.trustProxy);
  const never = options.trustProxy === undefined || options.trustProxy === 0;
  return (remoteAddress, forwardedFor) => {
    let client = remoteAddress === undefined ? undefined : parseIp(remoteAddress);
    if (client === undefined || never || typeof forwardedFor !== 'string') return client;
    const hops = lastEntries(forwardedFor, MAX_HOPS);
    for (let hop = 0; hop < hops.length && trusted(client, hop); hop++) {
      const next = parseIp(hops[hop] as string);
      if (next === undefined) break;
      client = next;
    }
    return client;
  };
}

/** The key part of an address: itself, or its network when grouped by prefix. */
export function ipKey(address: Address, options: IpKeyOptions = {}): string {
  if (address.kind() === 'ipv4') {
    const bits = options.ipv4Prefix ?? 32;
    if (bits >= 32) return address.toString();
    const octets = (address as IPv4).octets.map((o, i) => maskByte(o, bits - i * 8));
    return `${octets.join('.')}/${bits}`;
  }
  const bits = options.ipv6Prefix ?? 56;
  const parts = (address as IPv6).parts.map((p, i) => {
    const keep = Math.min(16, Math.max(0, bits - i * 16));
    return keep === 0 ? 0 : p & (0xffff << (16 - keep)) & 0xffff;
  });
  const text = new ipaddr.IPv6(parts).toRFC5952String();
  return bits >= 128 ? text : `${text}/${bits}`;
}

function maskByte(octet: number, keep: number): number {
  if (keep >= 8) return octet;
  if (keep <= 0) return 0;
  return octet & (0xff << (8 - keep)) & 0xff;
}

function checkPrefix(bits: number | undefined, max: number, what: string): void {
  if (bits !== undefined && (!Number.isSafeInteger(bits) || bits < 1 || bits > max)) {
    throw new RateLimitConfigError(
      'ERR_OPTION',
      `${what} must be an integer from 1 to ${max}; got ${bits}.`,
    );
  }
}

/**
 * Bound a key before it reaches a store: a key of at most `maxLength` characters with no control
 * characters is kept; any other becomes `#` and a 64-bit FNV-1a digest of it (not a secret: it
 * only caps the size, and an overlong key can only collide with other overlong keys).
 */
export function boundKey(raw: string, maxLength = 256): string {
  if (raw.length > 0 && raw.length <= maxLength && !hasControl(raw)) return raw;
  return `#${fnv1a(raw, 0x811c9dc5)}${fnv1a(raw, 0x050c5d1f)}`;
}

// A loop, not a regular expression: this runs on every check (about a tenth of a memory check).
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function fnv1a(text: string, seed: number): string {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Make the function that keys a request by its client IP alone: `ip:<address or its prefix>`
 * (IPv6 grouped by /56 by default), else `ip:unknown`. Never throws on request input.
 * @example createIpKeyGenerator({ trustProxy: 1 })({ remoteAddress: '::1', headers: {} }) // 'ip:::/56'
 */
export function createIpKeyGenerator(
  options: ClientIpOptions & IpKeyOptions = {},
): (request: KeyRequest) => string {
  checkPrefix(options.ipv6Prefix, 128, 'ipv6Prefix');
  checkPrefix(options.ipv4Prefix, 32, 'ipv4Prefix');
  const clientIp = createClientIp(options);
  const ipOptions = { ipv6Prefix: options.ipv6Prefix, ipv4Prefix: options.ipv4Prefix };
  return (request) => {
    let forwarded: string | undefined;
    try {
      forwarded = headerValue(request.headers, 'x-forwarded-for');
    } catch {
      forwarded = undefined;
    }
    const address = clientIp(request.remoteAddress, forwarded);
    return address === undefined ? 'ip:unknown' : `ip:${ipKey(address, ipOptions)}`;
  };
}

/**
 * Make the function that keys a request: `id:<by(request)>` when `by` gives a non-empty value,
 * else the client IP's key (`createIpKeyGenerator`). Keys are bounded by `boundKey`. Never
 * throws on request input. `by` must give a verified identity: see its documentation.
 * @example createKeyGenerator({ by: (req) => verifiedKeyOf(req), trustProxy: 1 })
 */
export function createKeyGenerator<R extends KeyRequest = KeyRequest>(
  options: KeyGeneratorOptions<R> = {},
): (request: R) => string {
  const ipKeyOf = createIpKeyGenerator(options);
  const maxKeyLength = options.maxKeyLength ?? 256;
  checkPrefix(maxKeyLength, 4096, 'maxKeyLength');
  const by = options.by;
  return (request) => {
    if (by !== undefined) {
      let id = by(request);
      if (Array.isArray(id)) id = id[0];
      if (typeof id === 'string' && id.length > 0) return `id:${boundKey(id, maxKeyLength)}`;
    }
    return ipKeyOf(request);
  };
}
