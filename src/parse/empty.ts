import { parsedError } from '../formats/shared.js';
import type { ShapeParser } from './util.js';

/**
 * An empty (or whitespace-only) body, as 502/504s from proxies and HEAD answers have: the status
 * phrase is the message and the code comes from the status; the request id from the headers.
 */
export const parseEmpty: ShapeParser = (input) =>
  input.text.trim() === '' ? parsedError(input, 'empty', {}) : undefined;
