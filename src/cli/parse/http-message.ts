/** A response as `curl -i` (or `curl -iL`, or a proxy's CONNECT preamble) prints it. */
export type HttpMessage = { status: number; headers: Record<string, string>; body: string };

const STATUS_LINE = /^HTTP\/[0-9.]+ +([1-5][0-9]{2})(?: [^\r\n]*)?$/;

/** The end of the header block at `from`: its blank line, and where the next part starts. */
function blockEnd(text: string, from: number): { end: number; next: number } | undefined {
  const crlf = text.indexOf('\r\n\r\n', from);
  const lf = text.indexOf('\n\n', from);
  if (crlf === -1 && lf === -1) return undefined;
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { end: crlf, next: crlf + 4 };
  return { end: lf, next: lf + 2 };
}

/**
 * Split `curl -i` output into the final response's status, headers and body. Interim blocks
 * (`100 Continue`, redirects followed with `-L`, `200 Connection established` from a proxy)
 * are skipped: the last status line that starts a block wins. Repeated headers are joined with
 * `, `, names lower-cased. Returns undefined when the text does not start with a status line.
 * @example splitHttpMessage('HTTP/2 404\r\ncontent-type: text/plain\r\n\r\nnope').status // 404
 */
export function splitHttpMessage(text: string): HttpMessage | undefined {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let found: HttpMessage | undefined;
  for (;;) {
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(at, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
    const status = STATUS_LINE.exec(line);
    if (status === null) break;
    const block = blockEnd(text, at);
    const headers: Record<string, string> = {};
    const head = text
      .slice(at, block?.end ?? text.length)
      .split(/\r?\n/)
      .slice(1);
    for (const header of head) {
      const colon = header.indexOf(':');
      if (colon <= 0) continue;
      const name = header.slice(0, colon).trim().toLowerCase();
      const value = header.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const next = block?.next ?? text.length;
    found = { status: Number(status[1]), headers, body: text.slice(next) };
    at = next;
  }
  return found;
}
