import { parsedError } from '../formats/shared.js';
import { isOauthCode } from './oauth2.js';
import type { ShapeParser } from './util.js';

/** Auth schemes whose challenges carry RFC 6750 error parameters. */
const SCHEMES = new Set(['bearer', 'dpop']);

/**
 * RFC 6750 §3: `WWW-Authenticate: Bearer error="invalid_token", error_description="…"` (and DPoP's
 * equivalent), for 401/403 answers whose body says nothing useful (empty, text, HTML, or JSON no
 * other shape knew). A challenge without `error` (no credentials were sent) is not matched.
 */
export const parseBearerChallenge: ShapeParser = (input) => {
  const header = input.headers['www-authenticate'];
  if (header === undefined || !header.toLowerCase().includes('error')) return undefined;
  const params = bearerParams(header);
  const code = params?.get('error');
  if (params === undefined || code === undefined || !isOauthCode(code)) return undefined;
  const description = params.get('error_description');
  const scope = params.get('scope');
  return parsedError(input, 'oauth2', {
    code,
    message: description,
    docUrl: params.get('error_uri'),
    details: scope === undefined ? undefined : { scope },
  });
};

/**
 * The parameters of the first Bearer or DPoP challenge in a `WWW-Authenticate` value, by a single
 * left-to-right scan (RFC 9110 §11.6.1: `scheme param=value, param="quoted", other-scheme …`).
 */
export function bearerParams(header: string): Map<string, string> | undefined {
  let i = 0;
  const n = header.length;
  let current: Map<string, string> | undefined;
  let inBearer = false;
  while (i < n) {
    // Skip separators.
    while (i < n && (header[i] === ' ' || header[i] === ',' || header[i] === '\t')) i++;
    const start = i;
    while (i < n && !' ,\t="'.includes(header[i] as string)) i++;
    const token = header.slice(start, i);
    if (token === '') {
      i++; // a stray `=` or `"`: step over it
      continue;
    }
    let j = i;
    while (j < n && (header[j] === ' ' || header[j] === '\t')) j++;
    if (header[j] !== '=') {
      // A new challenge starts with its scheme name.
      if (inBearer) return current;
      inBearer = SCHEMES.has(token.toLowerCase());
      if (inBearer) current = new Map();
      continue;
    }
    // token68 values (`Basic abc==`) end in `=`; a param has a value after it.
    i = j + 1;
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < n && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < n) i++;
        value += header[i];
        i++;
      }
      i++; // closing quote
    } else {
      const vs = i;
      while (i < n && header[i] !== ',' && header[i] !== ' ' && header[i] !== '\t') i++;
      value = header.slice(vs, i);
    }
    const name = token.toLowerCase();
    if (inBearer && current !== undefined && !current.has(name)) current.set(name, value);
  }
  return inBearer ? current : undefined;
}
