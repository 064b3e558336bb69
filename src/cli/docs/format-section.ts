// The wire format section: where each part of an error is, and a real rendered example.
import type { Catalog } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type { ReferenceFormatSection } from '../../reference-types.js';
import { codeLink } from './code-doc.js';
import { code } from './inline.js';
import type { PageLanguage } from './language.js';
import { sampleBlock, sampleError } from './sample.js';
import type { Block, Section } from './types.js';

/**
 * Ids of the standard page's sections. A `/` occurs in no code and no anchor, so no code can
 * take them (nor the group ids, `category/<name>`, `group/<name>`).
 */
export const SECTION_IDS = {
  format: 'doc/format',
  headers: 'doc/headers',
  retries: 'doc/retries',
  codes: 'doc/codes',
} as const;

/**
 * The standard page's format section: the guide, then the validation role's error with two
 * violations as a whole response (in the page's language).
 * @example formatSection(catalog, formats.problem, page.language).blocks[0]
 */
export function formatSection(catalog: Catalog, format: Format, language: PageLanguage): Section {
  const error = sampleError(catalog);
  const blocks: Block[] = [
    ...guideBlocks(catalog, format),
    {
      kind: 'paragraph',
      text: `For example, a ${code(String(error.status))} ${codeLink(error.code)} with two invalid fields:`,
    },
    sampleBlock(catalog, format, error, {
      show: 'response',
      acceptLanguage: language.acceptLanguage,
    }),
  ];
  return { id: SECTION_IDS.format, title: 'Error responses', blocks };
}

/**
 * A page's format section: its own words around one sample body (the guide only when asked).
 * @example referenceFormatSection(catalog, format, { kind: 'format', code: 'secret_not_found' }, 'doc/format', page.language)
 */
export function referenceFormatSection(
  catalog: Catalog,
  format: Format,
  spec: ReferenceFormatSection,
  id: string,
  language: PageLanguage,
): Section {
  const blocks: Block[] = paragraphs(spec.intro);
  if (spec.guide === true) blocks.push(...guideBlocks(catalog, format));
  blocks.push(
    sampleBlock(catalog, format, sampleError(catalog, spec), {
      pointer: spec.pointer,
      show: spec.show,
      requestId: spec.requestId,
      timestamp: spec.timestamp,
      json: spec.json,
      acceptLanguage: language.acceptLanguage,
    }),
    ...paragraphs(spec.outro),
  );
  return { id, title: spec.title ?? 'Response format', blocks };
}

/**
 * Paragraph blocks of the team's own words.
 * @example paragraphs(['One.', 'Two.']).length // 2
 */
export function paragraphs(texts: readonly string[] | undefined): Block[] {
  return (texts ?? []).map((text) => ({ kind: 'paragraph', text }));
}

/** What the format is, and where each part of an error is in it. */
function guideBlocks(catalog: Catalog, format: Format): Block[] {
  const guide = format.guide;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Errors are sent as ${guide.summary} (the ${code(format.name)} format), with ${code(`Content-Type: ${format.contentType}`)} and an HTTP status of 400 or above.`,
    },
    {
      kind: 'table',
      caption: 'Where each part of an error is',
      head: ['Part', 'Where'],
      rows: [
        ['Code', guide.code],
        ['Message', guide.message],
        ['Invalid fields', guide.fields],
        ['Details', guide.details],
        ['Request id', guide.requestId],
      ],
    },
  ];
  if (format.name === 'problem')
    blocks.push({ kind: 'paragraph', text: problemType(catalog, format) });
  return blocks;
}

/** What `type` holds, by the problem format's `type` option. */
function problemType(catalog: Catalog, format: Format): string {
  const strategy = format.options.type;
  if (strategy === 'code') {
    return `The ${code('type')} of an error is its code, unless the code below names another type.`;
  }
  if (strategy === 'about:blank' || catalog.typeBase === undefined) {
    const member = memberName(format, 'code');
    const apart = member === undefined ? `${code('status')} and ${code('type')}` : code(member);
    return `Unless a code below names its own problem type, ${code('type')} is ${code('about:blank')} and ${code('title')} is the HTTP reason phrase: read ${apart} to tell errors apart.`;
  }
  return `The ${code('type')} of a code is ${code(`${catalog.typeBase}<code>`)}, unless the code below names another.`;
}

/** A body member's name under the format's `members` option: renamed, or undefined when omitted. */
function memberName(format: Format, member: string): string | undefined {
  const members = format.options.members;
  const option =
    members !== null && typeof members === 'object'
      ? (members as Record<string, unknown>)[member]
      : undefined;
  if (option === false) return undefined;
  return typeof option === 'string' ? option : member;
}
