import { isObject, type JsonObject, nonEmpty, parsedError, str } from '../formats/shared.js';
import type { ShapeParser } from './util.js';

/** Names of the JSON-RPC 2.0 reserved error codes. */
const NAMES: Readonly<Record<string, string>> = {
  '-32700': 'parse_error',
  '-32600': 'invalid_request',
  '-32601': 'method_not_found',
  '-32602': 'invalid_params',
  '-32603': 'internal_error',
};

/**
 * JSON-RPC 2.0: `{ jsonrpc: "2.0", error: { code: -32602, message, data? }, id }`, alone or as the
 * first failed response of a batch. Checked before `envelope`, whose `{ error: { message } }` it
 * resembles. The numeric code becomes `invalid_params` etc. for the reserved codes,
 * `server_error` for -32000..-32099, else its decimal text; it is kept in `details.rpcCode`.
 */
export const parseJsonrpc: ShapeParser = (input) => {
  const response = rpcResponse(input.json);
  if (response === undefined) return undefined;
  const e = response.error as JsonObject;
  const rpcCode = e.code as number;
  const data = nonEmpty(e.data);
  const message = str(e.message);
  return parsedError(input, 'jsonrpc', {
    code: rpcCodeName(rpcCode),
    message,
    details: data === undefined ? { rpcCode } : { rpcCode, data },
  });
};

function isFailure(r: unknown): r is JsonObject {
  return (
    isObject(r) &&
    (r.jsonrpc === '2.0' || ('id' in r && 'result' in r)) &&
    isObject(r.error) &&
    typeof r.error.code === 'number' &&
    Number.isInteger(r.error.code)
  );
}

function rpcResponse(json: unknown): JsonObject | undefined {
  if (!Array.isArray(json)) return isFailure(json) ? json : undefined;
  // A batch: the first failure, looking at a bounded number of responses.
  const n = Math.min(json.length, 100);
  for (let i = 0; i < n; i++) if (isFailure(json[i])) return json[i] as JsonObject;
  return undefined;
}

/** `-32602` -> `invalid_params`. */
export function rpcCodeName(code: number): string {
  const key = String(code);
  if (Object.hasOwn(NAMES, key)) return NAMES[key] as string;
  if (code <= -32000 && code >= -32099) return 'server_error';
  return key;
}
