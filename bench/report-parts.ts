/**
 * Building blocks of docs/benchmarks.md: markdown tables, cells, and the derived figures
 * (overheads, ratios, per-worker memory) that the report and its target table share.
 */
import type { EngineRun, QueryTimes } from './engines.js';
import type { HttpTimes } from './http.js';
import type { ServerPhase, ServerSample } from './results.js';
import { ms, summarize, type Summary } from './stats.js';

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const summaryOf = (times: readonly number[] | undefined): Summary | undefined =>
  times && times.length > 0 ? summarize(times) : undefined;

/** `0.52 (0.61)`: median and, in brackets, p90, in ms. */
export const medianP90 = (s: Summary | undefined) => (s ? `${ms(s.median)} (${ms(s.p90)})` : '–');
export const mb = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value).toLocaleString('en')} MB`);
export const seconds = (value: number | undefined) => (value === undefined ? '–' : `${(value / 1000).toFixed(1)} s`);

/** Median of an engine's runs of one query. */
export const rawMedian = (run: EngineRun, id: string) => summaryOf(run.queries[id]?.times)?.median;

/** HTTP median minus raw median, in ms. */
export function overhead(http: HttpTimes | undefined, raw: QueryTimes | undefined): number | undefined {
  const h = summaryOf(http?.times);
  const r = summaryOf(raw?.times);
  return h && r ? h.median - r.median : undefined;
}

/** The answer sizes of one query across engines: one number when they agree. */
export function rowsCell(...counts: Array<number | undefined>): string {
  const known = counts.filter((n): n is number => n !== undefined);
  if (known.length === 0) return '–';
  return new Set(known).size === 1 ? String(known[0]) : `${counts.map((n) => n ?? '–').join(' / ')} ⚠ differ`;
}

/** Cache headers seen: `50/50 miss` for uncached runs, `50/50 hit` for cached ones. */
export function cacheCell(times: HttpTimes | undefined, expected: 'hit' | 'miss'): string {
  if (!times) return '–';
  const n = times.times.length;
  const good = times.cache[expected];
  const note = times.failures > 0 ? `, ${times.failures} failed` : '';
  return `${good}/${n} ${expected}${note}`;
}

export interface ComunicaFigure {
  readonly cell: string;
  /** Comunica median ÷ Oxigraph median; a lower bound when over budget. */
  readonly ratio: number | undefined;
  readonly lowerBound: boolean;
}

export function comunicaFigure(comunica: EngineRun | undefined, raw: EngineRun, id: string, budgetMs: number): ComunicaFigure {
  const q = comunica?.queries[id];
  const oxigraph = rawMedian(raw, id);
  if (!q) return { cell: 'not run', ratio: undefined, lowerBound: false };
  if (q.overBudget) {
    return { cell: `> ${seconds(budgetMs)}`, ratio: oxigraph ? budgetMs / oxigraph : undefined, lowerBound: true };
  }
  const s = summaryOf(q.times);
  if (!s) return { cell: `error: ${q.error ?? 'no run'}`, ratio: undefined, lowerBound: false };
  return { cell: `${ms(s.median)} (${s.n} run${s.n === 1 ? '' : 's'})`, ratio: oxigraph ? s.median / oxigraph : undefined, lowerBound: false };
}

export const ratioCell = (f: ComunicaFigure) =>
  f.ratio === undefined ? '–' : `${f.lowerBound ? '> ' : ''}${Math.round(f.ratio).toLocaleString('en')}×`;

export const sample = (phase: ServerPhase, label: string): ServerSample | undefined => phase.samples.find((s) => s.label === label);

export function startupCell(s: ServerSample | undefined, times: 'startupMs' | 'allReadyMs' = 'startupMs'): string {
  if (!s) return '–';
  if (s.error && s.startupMs.length === 0) return 'failed';
  const list = s[times];
  const sum = summaryOf(list);
  if (!sum) return '–';
  return list.length === 1 ? seconds(sum.median) : `${seconds(sum.median)} (median of ${sum.n}, ${seconds(sum.min)}–${seconds(sum.max)})`;
}

export interface WorkerMemory {
  /** (peak with W workers − peak with 1) ÷ (W − 1): what one more loaded worker costs. */
  readonly byWorkerCount: number | undefined;
  /** The same with the RSS at the end instead of the peak. */
  readonly byWorkerCountRss: number | undefined;
  readonly workers: number | undefined;
  /** Peak with 1 worker on the graph − peak with 1 worker on a one-triple file. */
  readonly overBaseline: number | undefined;
  /** The same with the RSS at the end instead of the peak. */
  readonly overBaselineRss: number | undefined;
}

export function workerMemory(big: ServerPhase, baseline: ServerPhase): WorkerMemory {
  const many = sample(big, 'default workers');
  const one = sample(big, '1 worker');
  const empty = sample(baseline, '1 worker');
  const w = many?.workers;
  const perExtra = (field: 'peakMb' | 'rssMb') => {
    const a = many?.[field];
    const b = one?.[field];
    return a !== undefined && b !== undefined && w !== undefined && w > 1 ? (a - b) / (w - 1) : undefined;
  };
  const over = (field: 'peakMb' | 'rssMb') => {
    const a = one?.[field];
    const b = empty?.[field];
    return a !== undefined && b !== undefined ? a - b : undefined;
  };
  return {
    byWorkerCount: perExtra('peakMb'), byWorkerCountRss: perExtra('rssMb'), workers: w,
    overBaseline: over('peakMb'), overBaselineRss: over('rssMb'),
  };
}

/** ✅ / ❌ / – for a target. */
export const verdict = (ok: boolean | undefined) => (ok === undefined ? '– not measured' : ok ? '✅ met' : '❌ not met');
