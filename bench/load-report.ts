/**
 * Renders one `npm run bench:load` run as the load section of docs/benchmarks.md: the machine
 * and command, the targets, one row per scenario, the runaways, memory, and a reading of it all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult, RunawaySend } from './load-client.js';
import type { Machine, ProcMemory } from './machine.js';
import { mb, table, verdict } from './report-parts.js';
import { ms, summarize } from './stats.js';

export interface ScenarioRun {
  readonly id: string;
  readonly title: string;
  readonly what: string;
  /** Which server ran it: A (the server as configured), B (with the short runaway deadline); A0 and B0 the same with caching off. */
  readonly server: 'A' | 'A0' | 'B' | 'B0';
  readonly result?: LoadResult;
  readonly error?: string;
  /** Scenario 6: every runaway sent, the last ones answered after the window. */
  readonly runaways?: readonly RunawaySend[];
  /** Scenario 6: ms from the first runaway to the end of the measured window. */
  readonly windowMs?: number;
}

export interface MemoryPoint extends ProcMemory {
  readonly server: string;
  readonly point: string;
}

export interface WorkerMemoryRun {
  readonly workers: number;
  readonly afterStart: ProcMemory | undefined;
  readonly afterLoad: ProcMemory | undefined;
}

export interface LoadRun {
  readonly machine: Machine;
  readonly command: string;
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly timeoutS: number;
  /** `--deadline` of server B. */
  readonly deadlineS: number;
  readonly memoryLoadS: number;
  /** The command line of each server. */
  readonly servers: { readonly A: string; readonly A0: string; readonly B: string; readonly B0: string };
  readonly runawayAddresses: readonly string[];
  readonly runs: readonly ScenarioRun[];
  readonly memory: readonly MemoryPoint[];
  readonly workerMemory: readonly WorkerMemoryRun[];
  readonly material: { readonly practices: number; readonly facetCalls: number; readonly questionCalls: number };
  readonly loadAverageAfter: readonly number[];
  readonly durationMs: number;
}

const autocannonVersion = (root: string) => {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};

const rate = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : Math.round(v).toLocaleString('en'));
const loads = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(' / ');

/** `503 query_timeout ×12, 404 not_found ×1`. */
function nonOk(r: LoadResult): string {
  const parts = Object.entries(r.errorCodes).sort((a, b) => b[1].count - a[1].count).map(([k, v]) => `${k} ×${v.count.toLocaleString('en')}`);
  return parts.length ? parts.join(', ') : '0';
}

function socketCell(r: LoadResult): string {
  const errors = Object.entries(r.socketErrors).map(([k, v]) => `${k} ×${v}`);
  return `${errors.length ? errors.join(', ') : '0'} / ${r.timeouts}`;
}

function cacheCell(r: LoadResult): string {
  const { hit, miss, none } = r.cache;
  if (hit + miss === 0) return 'no header';
  return `${hit.toLocaleString('en')} hit, ${miss.toLocaleString('en')} miss${none ? `, ${none.toLocaleString('en')} none` : ''}`;
}

const errorCount = (r: LoadResult) => r.responses - r.ok + Object.values(r.socketErrors).reduce((a, b) => a + b, 0) + r.timeouts;

interface RunawayFigures {
  readonly sent: number;
  readonly inWindow: number;
  readonly answered: Readonly<Record<string, number>>;
  readonly cut: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

function runawayFigures(run: ScenarioRun): RunawayFigures | undefined {
  const sends = run.runaways;
  if (!sends || sends.length === 0) return undefined;
  const answered: Record<string, number> = {};
  for (const s of sends) {
    const key = s.error ? `error ${s.error}` : `${s.status}${s.code ? ` ${s.code}` : ''}`;
    answered[key] = (answered[key] ?? 0) + 1;
  }
  const times = summarize(sends.map((s) => s.ms));
  return {
    sent: sends.length,
    inWindow: sends.filter((s) => run.windowMs === undefined || s.sentAtMs <= run.windowMs).length,
    answered,
    cut: sends.filter((s) => s.status === 503 && s.code === 'query_timeout').length,
    medianMs: times.median,
    maxMs: times.max,
  };
}

/** The reading of the figures against the targets, generated so that it stays true on a rerun. */
function reading(run: LoadRun): string {
  const by = (id: string) => run.runs.find((r) => r.id === id)?.result;
  const parts: string[] = [];
  const cached = by('1');
  const uncached = by('2');
  if (uncached) {
    const fast = uncached.okRps >= 1000;
    const tail = uncached.latency.p99 < 50;
    parts.push(`Uncached SELECTs (2) ran at ${rate(uncached.okRps)} answers/s with p99 ${ms(uncached.latency.p99)} ms over ${run.connections} connections: ` +
      `the ≥ 1,000 req/s part of the target is ${fast ? 'met' : '**not met**'} and the p99 < 50 ms part is ${tail ? 'met' : '**not met**'}` +
      (errorCount(uncached) ? `, with ${errorCount(uncached).toLocaleString('en')} failed requests` : '') + '.');
    if (cached) parts.push(`The identical query from the result cache (1) ran at ${rate(cached.okRps)} answers/s (${(cached.okRps / Math.max(1, uncached.okRps)).toFixed(1)}× the uncached rate, p99 ${ms(cached.latency.p99)} ms).`);
  }
  const docs = by('3a');
  const busted = by('3b');
  if (docs && busted) {
    parts.push(`Turtle documents of about ${Math.round(docs.meanBytes / 1024)} KB: ${rate(docs.okRps)}/s when cached (3a) against ${rate(busted.okRps)}/s when each one is built on a worker (3b, p99 ${ms(busted.latency.p99)} ms); ` +
      'nothing a client sends makes a document miss the cache — the cache key ignores the query string and the `Host` header — so 3b is measured with caching off.');
  }
  const facets = by('4');
  const questions = by('5a');
  const questionsUncached = by('5b');
  if (facets && questions && questionsUncached) {
    parts.push(`Facets (4) ran at ${rate(facets.okRps)}/s (p99 ${ms(facets.latency.p99)} ms) and named questions at ${rate(questions.okRps)}/s with their answers cached (5a) and ${rate(questionsUncached.okRps)}/s uncached (5b, p99 ${ms(questionsUncached.latency.p99)} ms).`);
  }
  const storm = run.runs.find((r) => r.id === '6·2');
  if (storm?.result) {
    const r = storm.result;
    const ok = r.latency.p99 < 50 && errorCount(r) === 0;
    const got = r.responses === 0
      ? `no answer at all within the ${run.durationS} s window`
      : `${rate(r.okRps)} 2xx answers/s, p50 ${ms(r.latency.p50)} ms, p99 ${ms(r.latency.p99)} ms, max ${ms(r.latency.max)} ms, ` +
        `and ${nonOk(r) === '0' ? 'no non-2xx answer' : `non-2xx answers ${nonOk(r)}`}`;
    parts.push(`With two runaways in flight (server B, deadline ${run.deadlineS} s), the uncached SELECTs (6·2) got ${got}: the target (p99 < 50 ms and no error) is ${ok && r.responses > 0 ? 'met' : '**not met**'}.`);
    const codes = Object.keys(r.errorCodes);
    if (r.responses > 0 && r.ok === 0 && codes.length > 0 && codes.every((k) => k === '503 query_timeout')) {
      parts.push('Not one of them was answered: each waited in the queue for the whole deadline (which counts queueing) and was cut. ' +
        'The figures fit this sequence: the two runaways hold both workers until they are cut; the simple queries queued behind them expire a moment later, ' +
        'before the replacement workers have loaded; the runaways are re-sent at the instant of the cut and so are queued ahead of the simple queries ' +
        're-sent after their own 503, and take the fresh workers again — so two clients keep every worker to themselves.');
    }
    const worse = run.runs.filter((x) => x.id.startsWith('6·') && x.result && errorCount(x.result) > 0).map((x) => x.id);
    const clean = run.runs.filter((x) => x.id.startsWith('6·') && x.result && errorCount(x.result) === 0).map((x) => x.id);
    if (worse.length) {
      parts.push(`Scenarios with failed requests while the runaways ran: ${worse.join(', ')}` +
        `${clean.length ? `; without: ${clean.join(', ')} (${clean.every((id) => id === '6·3a' || id === '6·5a') ? 'answered from the result cache, which needs no worker' : 'see the table'})` : ''}.`);
    }
  }
  const a = run.memory.filter((x) => x.server === 'A');
  if (a.length > 1) {
    const top = a.reduce((x, y) => (y.rssMb > x.rssMb ? y : x));
    parts.push(`Server A's RSS went from ${mb(a[0]!.rssMb)} after start to ${mb(top.rssMb)} (${top.point}; peak ${mb(Math.max(...a.map((x) => x.peakMb)))}), although the caches together are bounded at 128 MiB (\`--cache-size\`).`);
  }
  const [one, two] = [run.workerMemory.find((w) => w.workers === 1), run.workerMemory.find((w) => w.workers === 2)];
  if (one?.afterLoad && two?.afterLoad) {
    const atStart = one.afterStart && two.afterStart ? `${mb(two.afterStart.rssMb - one.afterStart.rssMb)} after start (${mb(one.afterStart.rssMb)} → ${mb(two.afterStart.rssMb)}) and ` : '';
    parts.push(`A second worker added ${atStart}${mb(two.afterLoad.rssMb - one.afterLoad.rssMb)} after the same load (${mb(one.afterLoad.rssMb)} → ${mb(two.afterLoad.rssMb)}); ` +
      'the growth under load is larger than what one worker costs, so the second figure is mostly noise.');
  }
  return parts.join(' ');
}

export function renderLoadSection(run: LoadRun): string {
  const m = run.machine;
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines, '');
  p('## Load: concurrent clients',
    '<!-- Generated by `npm run bench:load` (bench/load.ts) between the load markers; `npm run bench` keeps this section. Rerun it rather than editing by hand. -->',
    `Measured in one run of \`${run.command}\` on ${m.date.slice(0, 10)} (${m.date}), taking ${(run.durationMs / 60_000).toFixed(1)} minutes, at segraph commit ${m.commit}. ` +
    `Load average ${loads(m.loadAverage)} before the run and ${loads(run.loadAverageAfter)} after (1/5/15 min): the machine is shared and noisy, so read these as one sample.`);
  p(table(['machine', ''], [
    ['CPU', m.cpu], ['cores', String(m.cores)], ['RAM', `${m.ramGb.toFixed(1)} GB`], ['OS', m.platform], ['Node', m.node],
    ['oxigraph', m.versions['oxigraph'] ?? '?'], ['express', m.versions['express'] ?? '?'], ['autocannon', autocannonVersion(process.cwd())],
  ]));
  p(`**Method.** The server is \`segraph serve\` on the seed graph in a child process on a loopback port: server A is ${run.servers.A} (defaults otherwise), ` +
    `server B is ${run.servers.B} for the runaway scenarios; A0 (${run.servers.A0}) and B0 (${run.servers.B0}) are the same with caching off, for the uncached documents (3b) — since the base IRI of a document query no longer follows the request's \`Host\`, nothing a client sends makes a document miss the cache. `+
    `The memory of 1 and 2 workers is measured on fresh servers with caching off too. Each scenario is ${run.warmupS} s of the same traffic as an untimed warm-up, then ${run.durationS} s measured; ` +
    'a scenario that rotates over a fixed set (3a, 4, 5a) first sends each of its requests once, one after another, so that all are cached before it is timed. ' +
    `The load comes from autocannon with ${run.connections} connections from 127.0.0.1, closed loop (each connection sends its next request when the previous one is answered; no pipelining), ` +
    `at most 500,000 requests per run; a request unanswered after ${run.timeoutS} s counts as a timeout, and the at most ${run.connections} requests still unanswered when a window closes are dropped uncounted. The client runs in the benchmark's own process on the same ${m.cores} cores as the server. ` +
    '*req/s* counts answers of any status, *2xx/s* the successful ones; latencies are client-side, from sending a request to having its whole answer, ' +
    'over every answer whatever its status (nearest-rank percentiles, microsecond resolution), in ms. Non-2xx answers are counted by status and by the `code` of our JSON error body. ' +
    'No request asks for compression.');

  const by = (id: string) => run.runs.find((r) => r.id === id)?.result;
  const uncached = by('2');
  const storm = by('6·2');
  p('### Targets');
  p(table(['target', 'measured', ''], [
    ['uncached SELECT: ≥ 1,000 requests/s on 2 cores with p99 < 50 ms (scenario 2)',
      uncached ? `${rate(uncached.okRps)} 2xx/s, p99 ${ms(uncached.latency.p99)} ms, ${errorCount(uncached)} failed` : 'failed',
      verdict(uncached ? uncached.okRps >= 1000 && uncached.latency.p99 < 50 && errorCount(uncached) === 0 : undefined)],
    ['two runaway queries in flight: simple queries keep p99 < 50 ms and no error (scenario 6·2)',
      storm ? `${rate(storm.okRps)} 2xx/s, p99 ${ms(storm.latency.p99)} ms, non-2xx ${nonOk(storm)}, socket errors / timeouts ${socketCell(storm)}` : 'failed',
      verdict(storm ? storm.responses > 0 && storm.latency.p99 < 50 && errorCount(storm) === 0 : undefined)],
  ]));

  p('### Scenarios');
  p(table(['#', 'scenario', 'server', 'req/s', '2xx/s', 'p50', 'p90', 'p99', 'max', 'non-2xx (status code ×n)', 'socket errors / timeouts', 'Segraph-Cache', 'bytes per 2xx'],
    run.runs.map((r) => {
      const x = r.result;
      if (!x) return [r.id, r.title, r.server, `failed: ${r.error?.split('\n')[0] ?? '?'}`, '', '', '', '', '', '', '', '', ''];
      return [r.id, r.title, r.server, rate(x.rps), rate(x.okRps), ms(x.latency.p50), ms(x.latency.p90), ms(x.latency.p99), ms(x.latency.max),
        nonOk(x), socketCell(x), cacheCell(x), rate(x.meanBytes)];
    })));
  const described = new Set<string>();
  const lines: string[] = [];
  for (const r of run.runs) {
    if (r.id.startsWith('6·') || described.has(r.id)) continue;
    described.add(r.id);
    lines.push(`- **${r.id} ${r.title}**: ${r.what}.`);
  }
  lines.push(`- **6·…**: scenarios 2, 3a, 3b, 5a and 5b again on server B (3b on B0), while a runaway \`SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\` (made unique per send with a comment line) ` +
    `is kept in flight from each of ${run.runawayAddresses.join(' and ')} (each runaway's connection is bound to that local address): the two are sent 100 ms before the measured window opens, ` +
    'and each time one is answered the next is sent at once, until the window closes; those still in flight then are awaited (the server cuts them at its deadline), and the next scenario starts once the server answers an uncached query again.');
  p(lines.join('\n'));
  const samples = new Map<string, string>();
  for (const r of run.runs) for (const [k, v] of Object.entries(r.result?.errorCodes ?? {})) if (!samples.has(k)) samples.set(k, v.sample);
  if (samples.size) p('Error answers seen, one message each:', [...samples].map(([k, v]) => `- \`${k}\`: ${v.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n'));

  const storms = run.runs.filter((r) => r.id.startsWith('6·'));
  if (storms.length) {
    p('### The runaways');
    p(table(['#', 'runaways sent', 'sent within the window', 'cut (503 query_timeout)', 'answers', 'time to answer, median (max)'], storms.map((r) => {
      const f = runawayFigures(r);
      if (!f) return [r.id, '0', '', '', '', ''];
      return [r.id, String(f.sent), String(f.inWindow), String(f.cut), Object.entries(f.answered).map(([k, v]) => `${k} ×${v}`).join(', '),
        `${(f.medianMs / 1000).toFixed(1)} s (${(f.maxMs / 1000).toFixed(1)} s)`];
    })));
  }

  p('### Memory',
    'RSS and peak RSS (`VmRSS`, `VmHWM` of `/proc/<pid>/status`: the server process, its worker threads included) after start (every worker loaded) and after each scenario.');
  p(table(['server', 'moment', 'RSS', 'peak RSS'], run.memory.map((x) => [x.server, x.point, mb(x.rssMb), mb(x.peakMb)])));
  if (run.workerMemory.length) {
    p(`Per worker: a fresh server with 1 worker and one with 2 (same other arguments), each given ${run.memoryLoadS} s of scenario 2 then ${run.memoryLoadS} s of scenario 3b:`);
    p(table(['workers', 'RSS after start', 'peak after start', 'RSS after load', 'peak after load'], run.workerMemory.map((w) =>
      [String(w.workers), mb(w.afterStart?.rssMb), mb(w.afterStart?.peakMb), mb(w.afterLoad?.rssMb), mb(w.afterLoad?.peakMb)])));
  }

  p('### Reading', reading(run));
  return out.join('\n');
}
