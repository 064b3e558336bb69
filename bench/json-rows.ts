/**
 * Machine-readable bench rows: when `BENCH_JSON` names a file, every row a bench reports is
 * appended to the JSON array in it (created when missing), so `npm run bench` leaves one file
 * with every figure of the run and runs can be compared across commits without parsing Markdown.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One compared figure: errata's and the peer's, and errata's ratio where higher is better. */
export type BenchRow = {
  /** The bench: `server`, `formats`, `rate-limit`, `rate-limit-redis`, `retry`, … */
  bench: string;
  /** The row as the Markdown names it: `success path`, `render problem`, `memory hot key`, … */
  case: string;
  framework?: string;
  /** errata's figure, in `unit`. */
  errata: number;
  /** The peer's (or the bare framework's) figure, in `unit`. */
  peer: number;
  /** `req/s`, `ns`, `checks/s`, `µs`, … */
  unit: string;
  /** errata over peer when higher is better (throughput), peer over errata when lower is. */
  ratio: number;
  /** The ratio the issue asks for (`ratio >= target`); null when the row has none. */
  target: number | null;
  met: boolean | null;
};

/**
 * Append a row to `$BENCH_JSON` (a no-op without it). `lowerIsBetter` for times: the ratio is
 * then peer / errata, so above 1 always means errata is ahead.
 * @example benchRow({ bench: 'formats', case: 'parse google', errata: 900, peer: 450, unit: 'ns', target: null }, true)
 */
export function benchRow(
  row: Omit<BenchRow, 'ratio' | 'met'> & { ratio?: number },
  lowerIsBetter = false,
): BenchRow {
  const ratio = row.ratio ?? (lowerIsBetter ? row.peer / row.errata : row.errata / row.peer);
  const full: BenchRow = { ...row, ratio, met: row.target === null ? null : ratio >= row.target };
  const file = process.env.BENCH_JSON;
  if (file !== undefined && file !== '') {
    const rows: unknown = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
    const list = Array.isArray(rows) ? rows : [];
    list.push(full);
    writeFileSync(file, `${JSON.stringify(list, null, 2)}\n`);
  }
  return full;
}
