import { FORMAT_NAMES } from '../../formats/index.js';
import { choice, parse } from '../shared/args.js';
import { type Command, EXIT } from '../shared/command.js';
import { readSnapshotOrCatalog } from '../shared/contract.js';
import { emit } from '../shared/output.js';
import { wireFlag } from '../shared/wire-format.js';
import type { Change } from './change.js';
import { diffSnapshots, severityOf } from './report.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: errata diff <old> <new> [--format text|json|markdown] [--wire FORMAT] [--export NAME]
                   [--out FILE]

Compare two versions of a catalog's public contract and report what breaks clients. Each side is
a snapshot (a .json file written by errata snapshot) or a catalog module (TypeScript or
JavaScript); --export NAME picks the catalog in modules that export several. The wire format is
part of the contract: a module side is taken in its catalog's format (--wire overrides it), a
snapshot side in the format it recorded.

Breaking (exit 1):
  the wire format switched, or its content type changed; a body member renamed or left out
  (format options such as members: { request_id: 'requestId' } or { instance: false }); the
  problem type strategy or the timestamp precision changed; a custom format's body schema losing
  a member, making one optional, or changing its type; a code's problem type URI changed (its own
  type, the catalog's typeBase, or the type strategy); a code removed, or renamed (a removed and
  an added code with the same status and details, or the same code respelt); its status
  changed; retryable changed; expose turned off; a code now reported elsewhere instead of
  returned; details removed; a details field removed, made optional, or newly required; a
  details field's type narrowed (string to enum, number to integer, an enum value or union
  member removed, a tighter bound) or changed to another type; a role mapped to another code,
  or removed.
Not breaking (exit 0 when nothing else changed):
  a body member added (an option naming a member that was off); a custom format's body schema
  gaining a member or values; a code added; an optional details field added; a details field's
  type widened; details added to a code that had none; title, category, since and deprecated
  changes; expose turned on; a reported code now returned; a role added.
Warnings (exit 0; WARNING in the report, "severity": "warning" in JSON):
  a translation removed (clients asking for that language now read the catalog's own); the
  catalog's own language changed; codes of a translation no longer translated. A translation
  added, or codes newly translated, are compatible.
A contract/1 snapshot records no format and no type URIs, and a snapshot written before errata
recorded languages has no "locales": against one, those read as unknown, not as changes.
Details are a contract both ways: clients read them, and servers (checked by errata check) must
send what the schema says. So a field that may go missing breaks clients, and a narrower or
newly required field breaks servers that conform today.

Options:
  --format FORMAT  text (default), json, or markdown (a table for a pull-request comment)
  --wire FORMAT    take module sides in this built-in format instead of their catalog's:
                   ${FORMAT_NAMES.join(', ')}
  --export NAME    the export to use when a module exports several catalogs
  --out FILE       write to FILE instead of stdout
  -h, --help       show this help

Exit codes: 0 no breaking change, 1 a breaking change, 2 bad usage.`;

/** `errata diff <old> <new>`: the breaking-change report between two contracts. */
export const diff: Command = {
  name: 'diff',
  summary: 'report breaking changes between two catalogs or snapshots',
  help: HELP,
  async run(args, io) {
    const options = {
      format: { type: 'string' },
      wire: { type: 'string' },
      export: { type: 'string' },
      out: { type: 'string' },
    } as const;
    const { values, positionals } = parse('diff', args, options, ['old', 'new']);
    const format = choice('diff', 'format', values.format, FORMATS, 'text');
    const wire = wireFlag('diff', values.wire);
    const exportName = typeof values.export === 'string' ? values.export : undefined;
    const [oldFile, newFile] = positionals as [string, string];
    const before = await readSnapshotOrCatalog('errata diff', oldFile, exportName, io.cwd, wire);
    const after = await readSnapshotOrCatalog('errata diff', newFile, exportName, io.cwd, wire);
    const changes = diffSnapshots(before, after);
    await emit(render(format, changes, oldFile, newFile), values.out, io);
    return changes.some((c) => c.breaking) ? EXIT.finding : EXIT.ok;
  },
};

function render(format: Format, changes: Change[], oldFile: string, newFile: string): string {
  if (format === 'json') {
    const warnings = changes.filter((c) => severityOf(c) === 'warning').length;
    return JSON.stringify(
      { breaking: changes.some((c) => c.breaking), warnings, changes },
      null,
      2,
    );
  }
  return format === 'markdown'
    ? markdown(changes, oldFile, newFile)
    : text(changes, oldFile, newFile);
}

function summary(changes: Change[]): string {
  const breaking = changes.filter((c) => c.breaking).length;
  const warnings = changes.filter((c) => severityOf(c) === 'warning').length;
  const compatible = changes.length - breaking - warnings;
  if (changes.length === 0) return 'no changes';
  const plural = (n: number, word: string) => `${n} ${word} change${n === 1 ? '' : 's'}`;
  const warned = warnings === 0 ? '' : `, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return `${plural(breaking, 'breaking')}${warned}, ${plural(compatible, 'compatible')}`;
}

/** Who a change is about: the wire format (every code), a code, a role, or a language. */
function subject(change: Change): string {
  if (change.role !== undefined) return `role ${change.role}`;
  if (change.locale !== undefined) return `locale ${change.locale}`;
  return change.code ?? 'wire format';
}

const MARKS: Readonly<Record<ReturnType<typeof severityOf>, string>> = {
  breaking: 'BREAKING',
  warning: 'WARNING ',
  compatible: 'ok      ',
};

/** The message without the subject's own prefix, since the subject has its own column. */
function detail(change: Change): string {
  const prefix = `role ${change.role} `;
  return change.role !== undefined && change.message.startsWith(prefix)
    ? change.message.slice(prefix.length)
    : change.message;
}

function text(changes: Change[], oldFile: string, newFile: string): string {
  const lines = [`errata diff ${oldFile} → ${newFile}: ${summary(changes)}`];
  if (changes.length > 0) lines.push('');
  const width = Math.max(0, ...changes.map((c) => subject(c).length));
  for (const change of changes) {
    const mark = MARKS[severityOf(change)];
    lines.push(`${mark}  ${subject(change).padEnd(width)}  ${detail(change)}`);
  }
  return lines.join('\n');
}

function markdown(changes: Change[], oldFile: string, newFile: string): string {
  const breaking = changes.some((c) => c.breaking);
  const warned = changes.some((c) => severityOf(c) === 'warning');
  const verdict = breaking
    ? '❌ breaking changes'
    : warned
      ? '⚠️ compatible, with warnings'
      : changes.length > 0
        ? '✅ compatible'
        : '✅ no changes';
  const lines = [
    `### errata diff: ${verdict}`,
    '',
    `\`${oldFile}\` → \`${newFile}\`: ${summary(changes)}.`,
  ];
  if (changes.length === 0) return lines.join('\n');
  lines.push('', '| | Code | Change |', '| --- | --- | --- |');
  for (const change of changes) {
    const severity = severityOf(change);
    const mark =
      severity === 'breaking'
        ? '❌ **breaking**'
        : severity === 'warning'
          ? '⚠️ **warning**'
          : '✅ ok';
    const who =
      change.role !== undefined
        ? `role \`${change.role}\``
        : change.locale !== undefined
          ? `locale \`${change.locale}\``
          : change.code === undefined
            ? 'wire format'
            : `\`${change.code}\``;
    let what = escapeCell(detail(change));
    if (change.field !== undefined && what.startsWith(`${change.field}:`)) {
      what = `\`${change.field}\`${what.slice(change.field.length)}`;
    }
    for (const code of [change.before, change.after]) {
      // Renames and role changes name codes in their message: set them as code too.
      if (typeof code === 'string' && change.field === undefined && /^[\w.-]+$/.test(code)) {
        what = what.replace(
          new RegExp(`(?<![\\w\`.-])${escapeRegExp(code)}(?![\\w\`.-])`, 'g'),
          `\`${code}\``,
        );
      }
    }
    lines.push(`| ${mark} | ${who} | ${what} |`);
  }
  return lines.join('\n');
}

/** Table cells cannot hold `|` or line breaks; enum types (`"a" | "b"`) have the former. */
function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
