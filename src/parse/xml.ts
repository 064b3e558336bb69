import { collapse, decodeEntities } from './markup.js';

/** An XML element read as JSON would have it: text, a map of children, or a list. */
export type XmlValue = string | XmlObject | XmlValue[];
/** Child elements by name. */
export type XmlObject = { [name: string]: XmlValue };

/** Elements read in all, so a wide or deep hostile document costs bounded work. */
const MAX_NODES = 2000;
const MAX_DEPTH = 32;

type Element = { name: string; isArray: boolean; children: [string, XmlValue][]; text: string };

/**
 * An XML error document as the JSON the same API would send: `{ root: { Code, Message } }`. A
 * text-only element is its text (entities decoded, whitespace collapsed); children are a map, or
 * a list when they repeat one name (`<Errors><Error/><Error/></Errors>`), when the element says
 * `type="array"` (Rails' and Braintree's convention), or when its one child is a list. Attributes
 * are otherwise ignored. One linear scan, no backtracking pattern; undefined when the document is
 * not well nested or too big to be an error body.
 * @example xmlTree('<Error><Code>NoSuchKey</Code></Error>') // { Error: { Code: 'NoSuchKey' } }
 */
export function xmlTree(text: string): XmlObject | undefined {
  const stack: Element[] = [{ name: '', isArray: false, children: [], text: '' }];
  let nodes = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const top = stack[stack.length - 1] as Element;
    if (open === -1) break;
    top.text += text.slice(i, open);
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      if (end === -1) return undefined;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', open)) {
      const end = text.indexOf(']]>', open + 9);
      if (end === -1) return undefined;
      top.text += text.slice(open + 9, end);
      i = end + 3;
      continue;
    }
    const close = text.indexOf('>', open + 1);
    if (close === -1) return undefined;
    const tag = text.slice(open + 1, close);
    i = close + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue; // declaration, doctype
    if (tag.startsWith('/')) {
      if (stack.length < 2 || tag.slice(1).trim() !== top.name) return undefined;
      stack.pop();
      (stack[stack.length - 1] as Element).children.push([top.name, elementValue(top)]);
      continue;
    }
    if (++nodes > MAX_NODES || stack.length > MAX_DEPTH) return undefined;
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const space = body.search(/\s/);
    const name = space === -1 ? body : body.slice(0, space);
    if (name === '') return undefined;
    const element = { name, isArray: /\btype=["']array["']/.test(body), children: [], text: '' };
    if (selfClosing) top.children.push([name, elementValue(element)]);
    else stack.push(element);
  }
  if (stack.length !== 1) return undefined;
  const root = stack[0] as Element;
  return root.children.length === 1 ? (elementValue(root) as XmlObject) : undefined;
}

function elementValue(element: Element): XmlValue {
  const { children } = element;
  if (children.length === 0) return element.isArray ? [] : collapse(decodeEntities(element.text));
  const names = new Set(children.map(([name]) => name));
  const only = children[0]?.[1];
  const list =
    element.isArray ||
    (names.size === 1 && (children.length > 1 || Array.isArray(only) || plural(element, children)));
  if (list) {
    return children.length === 1 && Array.isArray(only) ? only : children.map(([, v]) => v);
  }
  const out: XmlObject = {};
  for (const [name, value] of children) {
    // defineProperty: an element named `__proto__` stays a member instead of a prototype.
    if (!Object.hasOwn(out, name)) {
      Object.defineProperty(out, name, { value, enumerable: true, writable: true });
    }
  }
  return out;
}

/** `<Errors><Error>` : a plural wrapper of one item is still a list. */
function plural(element: Element, children: [string, XmlValue][]): boolean {
  const child = children[0]?.[0] ?? '';
  return element.name.toLowerCase() === `${child.toLowerCase()}s`;
}
