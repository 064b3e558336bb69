import type { CheckReport } from './run.js';

/**
 * The report as text: a header line, one table row per probe (status, format, code, verdict and
 * the names of its findings), then each finding in full and a summary. Nothing time- or
 * id-dependent is printed, so the same server behaviour gives the same text.
 * @example io.stdout(textReport(report));
 */
export function textReport(report: CheckReport): string {
  const against = [
    report.wire === null
      ? 'any errata wire format'
      : `wire ${report.wire}${report.wireOptions === undefined ? '' : ` ${JSON.stringify(report.wireOptions)}`}`,
    report.catalog === null ? 'no catalog' : `catalog ${report.catalog}`,
  ].join(', ');
  const rows = report.probes.map((p) => [
    p.probe,
    `${p.method} ${p.target}`,
    p.status === null ? '-' : String(p.status),
    p.format ?? '-',
    p.code ?? '-',
    p.findings.length === 0 ? 'ok' : 'FAIL',
    [...new Set(p.findings.map((f) => f.check))].join(', '),
  ]);
  const lines = [
    `errata check ${report.url} (${against})`,
    '',
    ...table(['PROBE', 'REQUEST', 'STATUS', 'FORMAT', 'CODE', 'RESULT', 'FINDINGS'], rows),
  ];
  const failed = report.probes.filter((p) => p.findings.length > 0);
  if (failed.length > 0) {
    lines.push('', 'Findings:');
    for (const p of failed) {
      for (const f of p.findings) {
        lines.push(`  ${p.probe} (${p.method} ${shorten(p.target)}): ${f.check}: ${f.message}`);
      }
    }
  }
  const n = report.probes.length;
  lines.push(
    '',
    `${n} probe${n === 1 ? '' : 's'}, ${failed.length} failed, ${report.findings} finding${report.findings === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The report as JSON for machines: `{ ok, url, wire, catalog, findings, probes: [{ probe, method,
 * target, status, format, code, findings: [{ check, message }] }] }`.
 * @example JSON.parse(jsonReport(report)).ok // true when nothing was found
 */
export function jsonReport(report: CheckReport): string {
  return `${JSON.stringify({ ok: report.findings === 0, ...report }, null, 2)}\n`;
}

/** Left-aligned columns, two spaces apart; trailing blanks trimmed. */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
