import { parsedError } from '../formats/shared.js';
import { isReasonPhrase } from '../status.js';
import { safeId } from './headers.js';
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
 * `Request ID: yaPSSJzU…==` in a proxy's page (CloudFront, and the many that print one for
 * support): the id, when the headers name none.
 */
function idInPage(page: string): string | undefined {
  const m = /\bRequest[ -]?ID:?\s*(?:<[^>]{0,40}>\s*)?([A-Za-z0-9][\w=+/.-]{7,127})/i.exec(page);
  return m === null ? undefined : safeId(m[1]);
}

/** A title that only restates the status: `Error`, `Server Error`, `502 Bad Gateway`. */
function isGeneric(text: string): boolean {
  const t = text.replace(/^\d{3}\s*[-:]?\s*/, '').trim();
  return t === '' || /^(server |http |application )?error$/i.test(t) || isReasonPhrase(t);
}

/**
 * HTML error pages (nginx, Cloudflare, AWS ALB / CloudFront, Apache): the message is the page's
 * `<title>`, its first `<h1>` or `<pre>` (the first that says more than the status), as plain text (tags stripped, common entities decoded,
 * whitespace collapsed, at most 200 characters) — never the markup itself.
 */
export const parseHtml: ShapeParser = (input) => {
  if (input.json !== undefined) return undefined;
  const head = input.text.slice(0, SCAN);
  if (!isHtml(input.contentType, head)) return undefined;
  const lower = head.toLowerCase();
  const found = ['title', 'h1', 'pre'].map((tag) => elementText(head, lower, tag));
  // A generic title (`Error`, `404 Not Found`) says less than Express's `<pre>Cannot GET /</pre>`
  // or a framework's `<h1>`: the first text that is more than a status line wins.
  const message =
    found.find((text) => text !== undefined && !isGeneric(text)) ?? found.find(Boolean);
  return parsedError(input, 'html', {
    message: clipped(message, MAX_HTML_MESSAGE),
    requestId: input.headerRequestId ?? idInPage(head),
  });
};
