/**
 * The HTML error reference in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core): it loads clean, makes no request, filters, lands on anchors, and has a dark
 * theme. Chromium is provisioned by `npm test` (scripts/test-env.mjs); nothing here is skipped.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import { codeAnchor } from '../../../src/catalog.js';
import type { Catalog } from '../../../src/catalog-types.js';
import { docsHtml } from '../../../src/cli/docs/html.js';
import { docsModel } from '../../../src/cli/docs/model.js';
import { cli } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { shopCatalog } from '../fixtures/i18n/shop.js';
import { EDGE_CATALOG } from './fixtures.js';
import {
  classCatalog,
  entriesCatalog,
  hostileCatalog,
  problemCatalog,
  statusCatalog,
  tablesCatalog,
} from './reference-fixtures.js';

/** Chromium's executable, as test/global-setup.ts found it (it stops the run when there is none). */
function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH;
  if (path === undefined)
    throw new Error('CHROMIUM_PATH unset: run the suite with npm test or vitest');
  return path;
}

let launching: Promise<Browser> | undefined;
let browser: Browser;
let server: Server;
let base = '';
const pages = new Map<string, string>();

beforeAll(async () => {
  // Chromium starts in its own processes while this one writes the pages.
  launching = chromium.launch({ executablePath: chromiumPath() });
  launching.catch(() => {}); // awaited below, and closed in afterAll whatever fails first
  const vault = await cli(['docs', 'examples/vault/catalog.ts', '--html']);
  expect(vault.code).toBe(0);
  pages.set('/vault.html', vault.stdout);
  const fixture = await makeTempDir('errata-docs-', { 'errors.ts': EDGE_CATALOG });
  try {
    const edge = await cli(['docs', 'errors.ts', '--export', 'edge', '--html'], fixture.dir);
    expect(edge.code).toBe(0);
    pages.set('/edge.html', edge.stdout);
  } finally {
    await fixture.cleanup();
  }
  server = createServer((req, res) => {
    const page = pages.get(req.url ?? '');
    res.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launching;
}, 180_000);

afterAll(async () => {
  await (await launching?.catch(() => undefined))?.close();
  await new Promise((done) => server?.close(done));
});

type Opened = { page: Page; problems: string[]; requests: string[] };

/** Open a page, recording console errors and warnings, page errors and every request. */
async function open(path: string, options: BrowserContextOptions = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(base + path);
  return { page, problems, requests };
}

const row = (page: Page, id: string) => page.locator(`tr[id="${id}"]`);

/** Ids of the code rows the filter leaves visible. */
function visibleRows(page: Page): Promise<string[]> {
  return page.$$eval('section.category tbody tr', (rows) =>
    rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.id),
  );
}

describe('errata docs --html in Chromium', { timeout: 120_000 }, () => {
  it.each(['light', 'dark'] as const)(
    'loads with no console error and no request but the page itself (%s)',
    async (colorScheme) => {
      for (const path of ['/vault.html', '/edge.html']) {
        const { page, problems, requests } = await open(path, { colorScheme });
        await page.waitForLoadState('load');
        expect(problems, path).toEqual([]);
        expect(requests, path).toEqual([base + path]);
        // The style and the script ran (the CSP admits them by hash): the layout and the
        // script-only controls are there.
        expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('1216px');
        await expect(page.getByRole('button', { name: 'Dark theme' }).isVisible()).resolves.toBe(
          true,
        );
        await page.context().close();
      }
    },
  );

  it('is accessible in structure: labelled filter, captions, scoped headers, a skip link', async () => {
    const { page } = await open('/vault.html');
    expect(await page.getByLabel('Filter codes').getAttribute('type')).toBe('search');
    const tables = await page.$$eval('table', (all) =>
      all.map((t) => ({
        caption: t.querySelector('caption')?.textContent ?? '',
        unscoped: t.querySelectorAll('th:not([scope])').length,
      })),
    );
    expect(tables.length).toBeGreaterThan(7);
    for (const t of tables)
      expect(t).toMatchObject({ caption: expect.stringMatching(/\S/), unscoped: 0 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to the error codes',
    );
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#doc/codes');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.context().close();
  });

  it('narrows the tables as you type, and hides categories left empty', async () => {
    const { page, problems } = await open('/vault.html');
    const filter = page.getByLabel('Filter codes');
    const count = page.locator('#filter-count');
    expect(await visibleRows(page)).toHaveLength(vaultCatalog.entries().length);
    await expect(count.textContent()).resolves.toBe(`${vaultCatalog.entries().length} codes`);

    await filter.fill('secret');
    expect((await visibleRows(page)).sort()).toEqual(
      [
        'invalid_path',
        'secret_not_found',
        'version_conflict',
        'secret_expired',
        'maintenance_mode', // "refuses secret operations"
        'storage_error', // "The secret store failed"
      ].sort(),
    );
    expect(await page.locator('section[id="category/request"]').isVisible()).toBe(false);
    expect(await page.locator('section[id="category/conflict"]').isVisible()).toBe(true);
    await expect(count.textContent()).resolves.toBe(
      `6 of ${vaultCatalog.entries().length} codes match`,
    );

    await filter.fill('429');
    expect(await visibleRows(page)).toEqual(['rate_limited', 'quota_exceeded']);
    const shownCategories = await page.$$eval('section.category', (all) =>
      all.filter((s) => (s as HTMLElement).offsetParent !== null).map((s) => s.id),
    );
    expect(shownCategories).toEqual(['category/rate_limit']);

    await filter.fill('Not FOUND  404'); // every word must match, in any case
    expect(await visibleRows(page)).toEqual(['secret_not_found', 'not_found']);

    await filter.fill('no-such-thing');
    expect(await visibleRows(page)).toEqual([]);
    expect(await page.locator('#filter-empty').isVisible()).toBe(true);

    await filter.fill('');
    expect(await visibleRows(page)).toHaveLength(vaultCatalog.entries().length);
    expect(await page.locator('#filter-empty').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("lands on every code's row from its docUrl anchor, below the sticky filter", async () => {
    const { page } = await open('/vault.html');
    for (const entry of vaultCatalog.entries()) {
      const hash = new URL(entry.docUrl ?? '').hash;
      expect(hash).toBe(`#${codeAnchor(entry.code)}`);
      await page.goto(`${base}/vault.html${hash}`);
      const target = await page.evaluate(() => document.querySelector(':target')?.id);
      expect(target).toBe(codeAnchor(entry.code));
      await expectInView(page, row(page, codeAnchor(entry.code)));
    }
    await page.context().close();
  });

  it('lands on the code from a problem type URI ending in #CODE, and clears a hiding filter', async () => {
    const { page } = await open('/edge.html');
    for (const [fragment, anchor] of [
      ['TOKEN_EXPIRED', 'token_expired'],
      ['auth.legacy_key', 'auth-legacy_key'],
    ] as const) {
      await page.goto(`${base}/edge.html#${fragment}`);
      await expectInView(page, row(page, anchor));
      // The row is highlighted although the target is the alias inside it.
      const background = (id: string) =>
        row(page, id).evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(await background(anchor)).not.toBe(await background('hostile'));
    }
    await page.getByLabel('Filter codes').fill('teapot-nothing');
    expect(await row(page, 'old_thing').isVisible()).toBe(false);
    await page.evaluate(() => {
      window.location.hash = 'old_thing';
    });
    await expect(page.getByLabel('Filter codes').inputValue()).resolves.toBe('');
    await expectInView(page, row(page, 'old_thing'));
    await page.context().close();
  });

  it('shows catalog text as text: no markup, no unsafe link', async () => {
    const { page } = await open('/edge.html');
    const hostile = row(page, 'hostile');
    expect(await hostile.locator('.title').textContent()).toBe('Hostile <b>title</b>');
    expect(await hostile.locator('script, b').count()).toBe(0);
    expect(
      await hostile.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['#hostile', '#token_expired']);
    expect(await page.locator('script').count()).toBe(1);
    await page.context().close();
  });

  it('follows prefers-color-scheme, and the theme button switches and remembers', async () => {
    const colors = (page: Page) =>
      page.evaluate(() => {
        const of = (selector: string) => {
          const el = document.querySelector(selector) as Element;
          return { fg: getComputedStyle(el).color, bg: getComputedStyle(el).backgroundColor };
        };
        return {
          body: of('body'),
          muted: of('.phrase'),
          link: of('main a'),
          yes: of('.yes'),
          code: of('td code'),
        };
      });
    const light = await open('/vault.html', { colorScheme: 'light' });
    const dark = await open('/vault.html', { colorScheme: 'dark' });
    const [l, d] = [await colors(light.page), await colors(dark.page)];
    expect(l.body.bg).toBe('rgb(255, 255, 255)');
    expect(d.body.bg).not.toBe(l.body.bg);
    expect(d.body.fg).not.toBe(l.body.fg);
    // WCAG AA for normal text in both themes; muted text and links on the page background.
    for (const theme of [l, d]) {
      expect(contrast(theme.body.fg, theme.body.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(theme.muted.fg, theme.body.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(theme.link.fg, theme.body.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(theme.yes.fg, theme.yes.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(theme.code.fg, theme.code.bg)).toBeGreaterThanOrEqual(4.5);
    }
    const button = light.page.getByRole('button', { name: 'Dark theme' });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect((await colors(light.page)).body.bg).toBe(d.body.bg);
    await light.page.reload();
    expect((await colors(light.page)).body.bg).toBe(d.body.bg);
    expect(light.problems).toEqual([]);
    await light.page.context().close();
    await dark.page.context().close();
  });
});

/** Pages laid out by `catalog.reference`, one per layout (reference-fixtures.ts). */
const REFERENCE_PAGES: Record<string, Catalog> = {
  '/status.html': statusCatalog,
  '/tables.html': tablesCatalog,
  '/problem.html': problemCatalog,
  '/entries.html': entriesCatalog,
  '/class.html': classCatalog,
  '/hostile.html': hostileCatalog,
};

describe('errata docs --html with a reference layout, in Chromium', { timeout: 120_000 }, () => {
  beforeAll(() => {
    for (const [path, catalog] of Object.entries(REFERENCE_PAGES)) {
      pages.set(path, docsHtml(docsModel(catalog)));
    }
  });

  it('loads every layout with no console error and no request, the theme button working', async () => {
    for (const path of Object.keys(REFERENCE_PAGES)) {
      const { page, problems, requests } = await open(path, { colorScheme: 'dark' });
      await page.waitForLoadState('load');
      expect(problems, path).toEqual([]);
      expect(requests, path).toEqual([base + path]);
      const button = page.getByRole('button', { name: 'Dark theme' });
      expect(await button.getAttribute('aria-pressed'), path).toBe('true');
      await button.click();
      expect(await button.getAttribute('aria-pressed'), path).toBe('false');
      // The filter box shows exactly where there are code tables.
      const tables = await page.locator('table.codes').count();
      expect(await page.locator('#filter-box').isVisible(), path).toBe(tables > 0);
      expect(await page.locator('script').count(), path).toBe(1);
      await page.context().close();
    }
  });

  it('filters across the groups of every codes section, reported table included', async () => {
    const { page, problems } = await open('/tables.html');
    await expect(page.locator('#filter-count').textContent()).resolves.toBe('7 codes');
    await page.getByLabel('Filter codes').fill('hook');
    expect(await visibleRows(page)).toEqual(['hook_failed', 'hook_timeout']);
    expect(await page.locator('section[id="category/auth"]').isVisible()).toBe(false);
    await page.getByLabel('Filter codes').fill('404');
    expect(await visibleRows(page)).toEqual(['item_not_found', 'not_found']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lands on codes in entries and in status rows, by anchor and by the code as written', async () => {
    const { page } = await open('/entries.html');
    for (const hash of ['validation_error', 'UNAUTHORIZED']) {
      await page.goto(`${base}/entries.html#${hash}`);
      expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(hash);
      // The whole heading is in view, whichever of its ids was the target.
      const heading = await page.locator(`[id="${hash.toLowerCase()}/title"]`).boundingBox();
      expect(heading?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect(heading?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(800);
    }
    // The summary links to the entries.
    await page.locator('a[href="#validation_error"]').first().click();
    expect(new URL(page.url()).hash).toBe('#validation_error');
    await page.context().close();
    const status = await open('/status.html');
    await status.page.goto(`${base}/status.html#bad_input`);
    const row = status.page.locator('tr:has(> th > span[id="bad_input"])');
    const other = status.page.locator('tr:has(> th > span[id="token_invalid"])');
    const bg = (l: typeof row) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await bg(row)).not.toBe(await bg(other));
    await status.page.context().close();
  });
});

/** The element is visible, inside the viewport, and not under the sticky filter bar. */
async function expectInView(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  expect(await locator.isVisible()).toBe(true);
  const box = await locator.boundingBox();
  const bar = await page.locator('#filter-box').boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  expect(box).not.toBeNull();
  expect(bar).not.toBeNull();
  if (box === null || bar === null) return;
  expect(box.y).toBeGreaterThanOrEqual(Math.max(0, bar.y + bar.height) - 1);
  expect(box.y).toBeLessThan(height);
}

/** WCAG 2.x contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r = 0, g = 0, bl = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('errata docs --html --locale, in Chromium', { timeout: 120_000 }, () => {
  beforeAll(() => {
    pages.set('/shop.de.html', docsHtml(docsModel(shopCatalog as Catalog, { locale: 'de' })));
  });

  it('loads clean, filters on the translated titles, and shows the untranslated note legibly', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems, requests } = await open('/shop.de.html', { colorScheme });
      await page.waitForLoadState('load');
      expect(problems).toEqual([]);
      expect(requests).toEqual([`${base}/shop.de.html`]);
      const note = page.locator('tr[id="coupon_expired"] .untranslated');
      await expect(note.textContent()).resolves.toBe(
        '(message in English: no German translation yet)',
      );
      const colors = await note.evaluate((el) => ({
        fg: getComputedStyle(el).color,
        bg: getComputedStyle(document.body).backgroundColor,
      }));
      expect(contrast(colors.fg, colors.bg), colorScheme).toBeGreaterThanOrEqual(4.5);
      await page.getByLabel('Filter codes').fill('warenkorb');
      expect(await visibleRows(page)).toEqual(['cart_empty']);
      // The note is text of the row: a reader can find every code still in English.
      await page.getByLabel('Filter codes').fill('no German translation yet');
      expect(await visibleRows(page)).toContain('not_found');
      expect(await visibleRows(page)).not.toContain('cart_empty');
      await page.context().close();
    }
  });
});
