import type { Format } from '../../formats/types.js';
import { allowList } from '../router.js';
import { pinOf } from './format.js';

// Which methods the routes of a path answer, read from the layers @koa/router matched for the
// request (`ctx.matched`: every layer whose path matched, whatever its method, across every
// router that ran). A route layer has `methods` (`['HEAD', 'GET']` for `router.get`) and a
// `stack` of middleware; a `router.use()` layer has no methods. Only these members are read, each
// defensively: an unknown shape counts as "no route here", never as a crash.

/** What errata reads of a @koa/router layer. */
type LayerLike = { methods?: unknown; stack?: unknown };

/** The format pinned inside a layer's stack (`router.get(path, errata.format(f), handler)`). */
function stackPin(layer: LayerLike): Format | undefined {
  if (!Array.isArray(layer.stack)) return undefined;
  for (const handle of layer.stack) {
    const pin = pinOf(handle);
    if (pin !== undefined) return pin;
  }
  return undefined;
}

/** The route's methods, upper-cased; empty for a middleware layer or an odd shape. */
function methodsOf(layer: LayerLike): string[] {
  if (!Array.isArray(layer.methods)) return [];
  return layer.methods
    .filter((m): m is string => typeof m === 'string')
    .map((m) => m.toUpperCase());
}

/**
 * The `Allow` list of the routes among `matched` layers and the format the first of them pins
 * (in its own stack, or by a `router.use(errata.format())` layer before it). Methods in METHODS
 * order, then any other alphabetically; `HEAD` with `GET`; `OPTIONS` always, last. Undefined
 * when no route is among them, or when one answers `method` (its handler passed the request on).
 * @example allowScan(ctx.matched, 'POST') // { allow: ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'], format: undefined }
 */
export function allowScan(
  matched: unknown,
  method: string,
): { allow: string[]; format: Format | undefined } | undefined {
  if (!Array.isArray(matched)) return undefined;
  const found = new Set<string>();
  let format: Format | undefined;
  let pinned: Format | undefined;
  for (const entry of matched) {
    if (typeof entry !== 'object' || entry === null) continue;
    const layer = entry as LayerLike;
    const methods = methodsOf(layer);
    if (methods.length === 0) {
      pinned = stackPin(layer) ?? pinned;
      continue;
    }
    for (const name of methods) found.add(name);
    format ??= stackPin(layer) ?? pinned;
  }
  const allow = allowList(found, method.toUpperCase());
  return allow && { allow, format };
}
