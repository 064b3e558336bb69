import type { FieldViolation } from '../../api-error.js';
import { isObject } from '../../formats/shared.js';
import { isReasonPhrase } from '../../status.js';
import { safeId } from '../headers.js';
import { fieldsOf, itemPath, pathOf } from './fields.js';
import { fieldInMessage, type GenericParts, idInMessage, retryInMessage } from './in-message.js';
import {
  best,
  CODE_KEYS,
  CODE_LIST_KEYS,
  codeInMessage,
  codeOf,
  LIST_KEYS,
  MESSAGE_KEYS,
  META_KEYS,
  messageOf,
  OWN_FIELD_KEYS,
  REQUEST_ID_KEYS,
  RETRY_KEYS,
  RETRY_MS_KEYS,
  ranks,
  WRAPPER_KEYS,
} from './keys.js';

type Node = Record<string, unknown>;

export type { GenericParts } from './in-message.js';

/** `status` and `error` are codes only as tokens that are not words of a status line. */
const NOT_CODES = new Set(['error', 'fail', 'failed', 'failure', 'false', 'true', 'null', 'ok']);

function codeAt(node: Node, key: string, status: number): string | undefined {
  const value = node[key];
  if (typeof value === 'string' && NOT_CODES.has(value.toLowerCase())) return undefined;
  if (key === 'status' || key === 'error' || key === 'name') {
    if (typeof value !== 'string') return undefined;
    // `status: "403"` (JSON:API) restates a status; `status: "Failure"` (Kubernetes) is no code.
    if (/^\d+$/.test(value) || (key !== 'name' && isReasonPhrase(value))) return undefined;
    if (key === 'status' && value === 'Failure') return undefined;
  }
  // `id` is a code only as a snake_case word (Coinbase, DigitalOcean): otherwise an instance id.
  if (key === 'id' && (typeof value !== 'string' || !/^[a-z]+(?:_[a-z]+)+$/.test(value))) {
    return undefined;
  }
  if (key === 'type' && typeof value === 'string' && /:\/\/|^about:|^urn:/.test(value)) {
    return undefined;
  }
  return codeOf(value, status);
}

const CODE_RANK = ranks(CODE_KEYS);
const MESSAGE_RANK = ranks(MESSAGE_KEYS);
const REQUEST_ID_RANK = ranks(REQUEST_ID_KEYS);
const RETRY_RANK = ranks([...RETRY_KEYS, ...RETRY_MS_KEYS]);
const WRAPPER_RANK = ranks(WRAPPER_KEYS);
const LIST_RANK = ranks([...LIST_KEYS, 'detail']);
const META_SET: ReadonlySet<string> = new Set(META_KEYS);

function firstString(value: unknown): unknown {
  return Array.isArray(value) ? value.find((v) => typeof v === 'string') : value;
}

function pickMessage(nodes: readonly Node[]): string | undefined {
  for (const node of nodes) {
    const m = best(node, MESSAGE_RANK, (key) => {
      const text = messageOf(firstString(node[key]));
      // A reason phrase under `error` (Spring, hapi) says less than any other message.
      return text !== undefined && !(key === 'error' && isReasonPhrase(text)) ? text : undefined;
    });
    if (m !== undefined) return m;
  }
  return undefined;
}

/**
 * Dropbox's tagged unions: `{ ".tag": "path", "path": { ".tag": "not_found" } }` is
 * `path/not_found`, the chain its `error_summary` spells.
 */
function tagChain(node: Node): string | undefined {
  if (typeof node['.tag'] !== 'string') return undefined;
  const tags: string[] = [];
  let at: unknown = node;
  while (isObject(at) && typeof at['.tag'] === 'string' && tags.length < 4) {
    const tag = at['.tag'];
    tags.push(tag);
    at = isObject(at[tag]) ? at[tag] : at.reason;
  }
  return tags.length > 0 ? tags.join('/') : undefined;
}

function pickCode(nodes: readonly Node[], status: number): string | undefined {
  for (const node of nodes) {
    const chain = tagChain(node);
    if (chain !== undefined) return codeOf(chain, status);
    for (const key of CODE_LIST_KEYS) {
      const list = node[key];
      const code = Array.isArray(list) ? codeOf(list[0], status) : undefined;
      if (code !== undefined) return code;
    }
    const code = best(node, CODE_RANK, (key) => codeAt(node, key, status));
    if (code !== undefined) return code;
    // Contentful: `sys: { type: 'Error', id: 'NotFound' }`.
    const sys = node.sys;
    if (isObject(sys)) {
      const code = codeOf(sys.id, status);
      if (code !== undefined) return code;
    }
  }
  return undefined;
}

function pickRequestId(nodes: readonly Node[]): string | undefined {
  for (const node of nodes) {
    const id = best(node, REQUEST_ID_RANK, (key) => {
      const v = node[key];
      return safeId(typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined);
    });
    if (id !== undefined) return id;
  }
  return undefined;
}

/** Seconds from a number, a numeric string or a protobuf duration (`"30s"`, `"1.5s"`). */
function seconds(value: unknown, scale: number): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{1,12}(\.\d{1,9})?s?$/.test(value.trim())) {
    n = Number.parseFloat(value);
  } else if (isObject(value) && typeof value.seconds !== 'undefined') {
    n = Number(value.seconds) + Number(value.nanos ?? 0) / 1e9;
  }
  return n !== undefined && Number.isFinite(n) && n >= 0 && n < 1e10 ? n / scale : undefined;
}

const MS_KEYS: ReadonlySet<string> = new Set(RETRY_MS_KEYS);

function pickRetry(nodes: readonly Node[]): number | undefined {
  for (const node of nodes) {
    const s = best(node, RETRY_RANK, (key) => seconds(node[key], MS_KEYS.has(key) ? 1000 : 1));
    if (s !== undefined) return s;
  }
  return undefined;
}

/**
 * Where a body keeps its error (`error`, `fault`, the first item of `errors`) and metadata.
 * `codes`: the nodes a code is read from (not a first item that names a field: its code, GitHub's
 * `missing_field`, Pydantic's `int_parsing`, is the violation's, not the error's).
 */
type Located = { errors: Node[]; codes: Node[]; meta: Node[] };

function locate(root: unknown): Located | undefined {
  if (Array.isArray(root)) {
    const first = root.find(isObject);
    return first === undefined ? undefined : { errors: [first], codes: [first], meta: [] };
  }
  if (!isObject(root)) return undefined;
  const node: Node =
    best(root, WRAPPER_RANK, (key) => {
      const inner = root[key];
      return isObject(inner) ? inner : undefined;
    }) ?? root;
  const errors: Node[] = node === root ? [root] : [node, root];
  const codes = node === root ? [root] : [node, root];
  // Where metadata (`meta`, `extensions`, …) may sit: the error, the body, the error's first item.
  const holders = node === root ? [root] : [node, root];
  // `errors: [{ code, message }]` with no code or message above it: the first item is the error.
  if (pickCode([node], 0) === undefined || pickMessage([node]) === undefined) {
    const firstItem = (holder: Node) =>
      best(holder, LIST_RANK, (key) => {
        const list = holder[key];
        return Array.isArray(list) ? list.find(isObject) : undefined;
      });
    const first = firstItem(node) ?? (node === root ? undefined : firstItem(root));
    if (first !== undefined) {
      errors.splice(1, 0, first);
      if (itemPath(first) === undefined) codes.splice(1, 0, first);
      // An item that names a field is the error only when nothing above it says what happened
      // (Rocketlane's `errors: [{ errorCode, errorMessage, field }]`), and then only by an
      // explicit code member: Pydantic's `type` is the violation's kind.
      else if (pickMessage([node, root]) === undefined) codes.push({ ...explicitCode(first) });
      holders.push(first);
    }
  }
  const meta: Node[] = [];
  for (const holder of holders) {
    let seen = 0;
    for (const key in holder) {
      if (++seen > 256) break;
      const inner = holder[key];
      if (META_SET.has(key) && isObject(inner) && Object.hasOwn(holder, key)) meta.push(inner);
    }
  }
  // google.rpc details: RetryInfo's `retryDelay`, RequestInfo's `requestId`.
  const details = node.details;
  if (Array.isArray(details)) {
    for (const item of details.slice(0, 16)) {
      if (
        isObject(item) &&
        typeof item['@type'] === 'string' &&
        /(Retry|Request)Info$/.test(item['@type'])
      ) {
        meta.push(item);
      }
    }
  }
  return { errors, codes, meta };
}

/** An item's explicit code members only (`code`, `errorCode`, …: not `type`, `reason`). */
function explicitCode(item: Node): Node {
  const out: Node = {};
  for (const key of ['code', 'error_code', 'errorCode', 'ErrorCode', 'Code'] as const) {
    if (Object.hasOwn(item, key)) out[key] = item[key];
  }
  return out;
}

/** The one field the error itself names (`param: 'email'`), with the error's message. */
function ownField(
  node: Node | undefined,
  message: string | undefined,
): FieldViolation[] | undefined {
  if (node === undefined) return undefined;
  for (const key of OWN_FIELD_KEYS) {
    const path = pathOf(node[key]);
    if (path !== undefined) return [{ path, message: message ?? 'is invalid' }];
  }
  return undefined;
}

/**
 * Read any JSON error body by candidate members and type checks: the code, message, request id,
 * retry delay and field violations wherever the common APIs put them (top level, under `error`
 * or `fault`, in the first item of `errors`, in `meta`). Parts it cannot find are left out.
 * @example genericParts({ errorCode: 'E0000011', errorSummary: 'Invalid token' }, 401).code // 'E0000011'
 */
export function genericParts(root: unknown, status: number): GenericParts | undefined {
  const found = locate(root);
  if (found === undefined) return undefined;
  const { errors, codes, meta } = found;
  let code = pickCode(codes, status);
  let message = pickMessage(errors);
  if (message !== undefined) {
    const inMessage = codeInMessage(message);
    if (inMessage !== undefined && (code === undefined || code === inMessage.code)) {
      code = inMessage.code;
      message = inMessage.rest;
    }
  }
  const fields = fieldsOf([...errors, ...meta], Array.isArray(root) ? root : undefined);
  const all = [...errors, ...meta];
  return {
    code,
    message,
    requestId: pickRequestId(all) ?? idInMessage(message),
    retryAfter: pickRetry(all) ?? retryInMessage(message, status),
    fields:
      fields.length > 0
        ? fields
        : (ownField(errors[0], message) ??
          // Only validation statuses name a field in prose; elsewhere the pattern misleads.
          (status === 400 || status === 422 ? fieldInMessage(message) : undefined)),
  };
}
