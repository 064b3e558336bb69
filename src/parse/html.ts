import { parsedError } from '../formats/shared.js';
import { elementText, SCAN } from './markup.js';
import { clipped, type ShapeParser } from './util.js';

/** HTML messages are page titles, not prose; longer ones are cut. */
const MAX_HTML_MESSAGE = 200;

/** Whether a body is an HTML page: by content type, or by how it starts when the type is absent. */
function isHtml(contentType: string, head: string): boolean {
  if (contentType.includes('html')) return true;
  if (
    contentType !== '' &&
    contentType !== 'text/plain' &&
    contentType !== 'application/octet-stream'
  )
    return false;
  const start = head.trimStart().slice(0, 15).toLowerCase();
  return (
    start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<head')
  );
}

/**
 * HTML error pages (nginx, Cloudflare, AWS ALB / CloudFront, Apache): the message is the page's
 * `<title>`, else its first `<h1>`, as plain text (tags stripped, common entities decoded,
 * whitespace collapsed, at most 200 characters) — never the markup itself.
 */
export const parseHtml: ShapeParser = (input) => {
  if (input.json !== undefined) return undefined;
  const head = input.text.slice(0, SCAN);
  if (!isHtml(input.contentType, head)) return undefined;
  const lower = head.toLowerCase();
  const message = elementText(head, lower, 'title') ?? elementText(head, lower, 'h1');
  return parsedError(input, 'html', {
    message: clipped(message, MAX_HTML_MESSAGE),
  });
};
