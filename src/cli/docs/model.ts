import type { Catalog } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type { HeaderMode } from '../../rate-limit/headers.js';
import type { ReferencePage, ReferenceSection } from '../../reference-types.js';
import { commandFormat } from '../shared/wire-format.js';
import { codesSection, sectionEntries, standardCodesSection } from './codes-section.js';
import { formatSection, referenceFormatSection, SECTION_IDS } from './format-section.js';
import { headersSection } from './headers-section.js';
import { type PageLanguage, pageLanguage } from './language.js';
import { PageState, sectionSlug } from './page-state.js';
import { examplesSection, proseSection, statusesSection } from './reference-sections.js';
import { retriesSection } from './retries-section.js';
import type { DocsModel, DocsOptions, Section } from './types.js';

export { humanize } from './code-doc.js';

/**
 * The error reference of a catalog as data: the catalog's own layout (`catalog.reference`), else
 * the standard page (format, headers, retries, then one table per category). Pure and
 * deterministic: the same catalog and options give the same model.
 * @example const model = docsModel(vaultCatalog, { wire: 'problem' });
 */
export function docsModel(catalog: Catalog, options: DocsOptions = {}): DocsModel {
  const format = resolveFormat(catalog, options.wire);
  const reference = catalog.reference;
  const title = options.title ?? reference?.title ?? 'Error reference';
  const language = pageLanguage(catalog, options.locale);
  const said = language.lead === undefined ? [] : [language.lead];
  if (reference?.sections === undefined) {
    const page = new PageState(language);
    const mode = options.rateLimitHeaders ?? 'legacy';
    return {
      title,
      lead: [...(reference?.intro === undefined ? standardLead(format) : reference.intro), ...said],
      sections: [
        formatSection(catalog, format, language),
        headersSection(catalog, format, mode),
        retriesSection(catalog, format),
        standardCodesSection(catalog, format, page),
      ],
      skipTo: { id: SECTION_IDS.codes, label: 'Skip to the error codes' },
      contents: true,
      custom: false,
      ...(language.translated ? { translated: true } : {}),
    };
  }
  const model = referenceModel(
    catalog,
    format,
    reference,
    title,
    options.rateLimitHeaders,
    language,
  );
  return {
    ...model,
    lead: [...model.lead, ...said],
    ...(language.translated ? { translated: true } : {}),
  };
}

/**
 * The format a page documents: the one given, else as every contract command picks it
 * (`commandFormat`): a built-in name means the catalog's own format when it is that one,
 * configured as it is; nothing means the catalog's format, else `problem`.
 * @example resolveFormat(catalog, 'envelope').name // 'envelope'
 */
export function resolveFormat(catalog: Catalog, wire: DocsOptions['wire']): Format {
  return typeof wire === 'object' ? wire : commandFormat(catalog, wire);
}

function standardLead(format: Format): string[] {
  return [
    'Every error the API returns, with its HTTP status, its stable code, what it means and whether retrying can succeed.',
    format.guide.carriesCode
      ? 'Branch on the code, not on the message: codes never change meaning, messages may be reworded.'
      : 'Error bodies carry no code: branch on the HTTP status. The codes below name each case here and in support requests.',
  ];
}

function referenceModel(
  catalog: Catalog,
  format: Format,
  reference: ReferencePage,
  title: string,
  rateLimitHeaders: HeaderMode | undefined,
  language: PageLanguage,
): DocsModel {
  const specs = reference.sections ?? [];
  // Codes sections anchor their codes; a status table anchors only the codes none of them lists.
  const covered = specs.flatMap((spec) =>
    spec.kind === 'codes' ? sectionEntries(catalog, spec).map((e) => e.code) : [],
  );
  const page = new PageState(language, covered);
  const sections = specs.map((spec) => {
    const id = page.id(
      spec.id === undefined
        ? sectionSlug(spec.title ?? DEFAULT_TITLES[spec.kind], spec.kind)
        : checkedId(spec.id),
    );
    return referenceSection(catalog, format, spec, id, page, rateLimitHeaders);
  });
  const firstTable = sections.find((s) => s.blocks.some((b) => b.kind === 'codes'));
  return {
    title,
    lead: [...(reference.intro ?? [])],
    sections,
    skipTo:
      firstTable === undefined
        ? { id: 'main', label: 'Skip to the content' }
        : { id: firstTable.id, label: 'Skip to the error codes' },
    contents: reference.contents === true,
    custom: true,
  };
}

/** A section id as given: a token that links and attributes can hold as it is. */
function checkedId(id: string): string {
  if (/^[A-Za-z][A-Za-z0-9_.:/-]{0,99}$/.test(id)) return id;
  throw new TypeError(
    `reference: section id ${JSON.stringify(id)} must start with a letter and hold only letters, digits, _ . : / -`,
  );
}

/** The headings of sections that do not name theirs (as each section builder defaults them). */
const DEFAULT_TITLES: Readonly<Record<ReferenceSection['kind'], string>> = {
  format: 'Response format',
  codes: 'Error codes',
  statuses: 'Status codes',
  headers: 'Headers',
  retries: 'Retrying',
  examples: 'Examples',
  prose: '',
};

function referenceSection(
  catalog: Catalog,
  format: Format,
  spec: ReferenceSection,
  id: string,
  page: PageState,
  rateLimitHeaders: HeaderMode | undefined,
): Section {
  switch (spec.kind) {
    case 'format':
      return referenceFormatSection(catalog, format, spec, id, page.language);
    case 'codes':
      return codesSection(catalog, format, spec, id, page);
    case 'statuses':
      return statusesSection(catalog, spec, id, page);
    case 'headers':
      return headersSection(
        catalog,
        format,
        rateLimitHeaders ?? spec.rateLimit ?? 'legacy',
        spec,
        id,
      );
    case 'retries':
      return retriesSection(catalog, format, spec, id);
    case 'examples':
      return examplesSection(catalog, format, spec, id, page.language);
    case 'prose':
      return proseSection(spec, id);
  }
}
