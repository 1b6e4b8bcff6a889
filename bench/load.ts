/**
 * `npm run bench:load`: the seed-graph server under concurrent load (autocannon), scenario by
 * scenario — a cached and an uncached SPARQL query, documents, facets, named questions — then
 * the uncached ones again while two runaway queries are kept in flight from two other client
 * addresses, and the server's memory throughout. Writes its section of docs/benchmarks.md
 * (between `<!-- load:start -->` and `<!-- load:end -->`; the rest of the page is `npm run bench`'s).
 *
 *   npm run bench:load -- [--connections 10] [--duration 10] [--workers N] [--server-args "…"]
 *                         [--runaway-deadline 5] [--out docs/benchmarks.md]
 *
 * Every request goes to the server's loopback address; every run is bounded in time and count.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadNamedQueries } from '../src/api/named-query.js';
import { queryOverHttp } from './http.js';
import { poolAnswers, prime, runLoad, RunawayLoad, type LoadRequest, type LoadResult, type RunawaySend } from './load-client.js';
import { renderLoadSection, type LoadRun, type MemoryPoint, type ScenarioRun, type WorkerMemoryRun } from './load-report.js';
import { withLoadSection } from './load-section.js';
import { describeMachine } from './machine.js';
import { EXPLOSIVE } from './runaway.js';
import { startServer, type RunningServer } from './server.js';
import { IDS, SG } from './vocab.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Untimed seconds of the same traffic before each measured window (JIT, caches, connections). */
const WARMUP_S = 2;
/** A request unanswered this long counts as a timeout (autocannon's default). */
const TIMEOUT_S = 10;
/** Requests at most per run, whatever the duration. */
const MAX_REQUESTS = 500_000;
/** The runaways' own client addresses; autocannon's traffic comes from 127.0.0.1. */
const RUNAWAY_ADDRESSES = ['127.0.0.2', '127.0.0.3'];
/** Seconds of load on the fresh 1- and 2-worker servers compared for memory. */
const MEMORY_LOAD_S = 5;

const SIMPLE = `SELECT ?p ?o WHERE { ?s a <${SG.Practice}> ; ?p ?o } LIMIT 20\n`;
const sparqlPost = (body: string): LoadRequest => ({
  method: 'POST', path: '/sparql', body,
  headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
});

interface Scenario {
  readonly id: string;
  readonly title: string;
  /** What is sent, for the report. */
  readonly what: string;
  readonly next: () => LoadRequest;
  /** A rotating set's every request, sent once each before the warm-up so that all are in the result cache. */
  readonly distinct?: readonly LoadRequest[];
  /** Run on a server with caching off (`--cache-size 0`): every request does the whole work. */
  readonly uncached?: true;
}

/** What the scenarios rotate over, read from the running server. */
interface Material {
  readonly port: string;
  readonly slugs: readonly string[];
  readonly facetCalls: readonly string[];
  readonly questionCalls: readonly string[];
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
}

async function material(root: string, server: RunningServer): Promise<Material> {
  const url = new URL(server.endpoint);
  const answer = await queryOverHttp(server.endpoint, `SELECT ?s WHERE { ?s a <${SG.Practice}> } ORDER BY ?s`);
  const rows = (JSON.parse(answer.body) as { results: { bindings: Array<{ s: { value: string } }> } }).results.bindings;
  const prefix = IDS.practice('');
  const slugs = rows.map((r) => r.s.value).filter((iri) => iri.startsWith(prefix)).map((iri) => iri.slice(prefix.length));
  if (slugs.length === 0) throw new Error('no practices in the served graph');

  const facets = (await getJson(`${url.origin}/api/facets`)) as { facets: Record<string, { values: Array<{ value: string }> }> };
  const values = (dimension: string) => (facets.facets[dimension]?.values ?? []).map((v) => v.value);
  const calls: string[] = [];
  for (const dimension of ['country', 'fund', 'sdg', 'typology']) for (const v of values(dimension)) calls.push(`${dimension}=${encodeURIComponent(v)}`);
  for (const f of values('fund')) for (const t of values('typology')) calls.push(`fund=${encodeURIComponent(f)}&typology=${encodeURIComponent(t)}`);
  for (const c of values('country').slice(0, 3)) for (const s of values('sdg').slice(0, 3)) calls.push(`country=${encodeURIComponent(c)}&sdg=${encodeURIComponent(s)}`);
  for (const t of values('typology')) calls.push(`q=social&typology=${encodeURIComponent(t)}`);

  const { queries } = await loadNamedQueries(join(root, 'queries'));
  const questionCalls = queries.flatMap((q) => q.examples.map((e) => `/api/queries/${q.name}?${new URLSearchParams(e)}`));
  if (questionCalls.length === 0) throw new Error('no named-query examples in queries/');
  return { port: url.port, slugs, facetCalls: calls.map((c) => `/api/facets?${c}`), questionCalls };
}

function scenarios(m: Material): Map<string, Scenario> {
  let n = 0; // one counter for every request of the run: a made-unique request is never repeated
  const turtle = { accept: 'text/turtle' };
  const json = { accept: 'application/json' };
  const gets = (paths: readonly string[], headers: Record<string, string>) => paths.map((path): LoadRequest => ({ method: 'GET', path, headers }));
  const list: Scenario[] = [
    { id: '1', title: 'cached query', what: 'one identical `POST /sparql` SELECT (`?s a sg:Practice ; ?p ?o`, LIMIT 20), answered from the result cache', next: () => sparqlPost(SIMPLE) },
    { id: '2', title: 'uncached queries', what: 'the same SELECT with a unique `# n` comment line per request, so the result cache misses and a worker runs it', next: () => sparqlPost(`${SIMPLE}# ${n++}\n`) },
    { id: '3a', title: 'documents, rotating', what: `\`GET /doc/practice/<slug>\`, \`Accept: text/turtle\`, rotating over the ${m.slugs.length} practices (after the warm-up every one is in the result cache)`,
      next: () => ({ method: 'GET', path: `/doc/practice/${m.slugs[n++ % m.slugs.length]}`, headers: turtle }),
      distinct: gets(m.slugs.map((slug) => `/doc/practice/${slug}`), turtle) },
    { id: '3b', title: 'documents, uncached', what: 'the same, on a server with caching off (`--cache-size 0`, server A0 or B0), so every document query runs on a worker and is serialized again',
      next: () => ({ method: 'GET', path: `/doc/practice/${m.slugs[n++ % m.slugs.length]}`, headers: turtle }), uncached: true },
    { id: '4', title: 'facets', what: `\`GET /api/facets\` rotating over ${m.facetCalls.length} filter combinations (every country, fund, SDG and typology alone; fund × typology; 3 countries × 3 SDGs; \`q=social\` with each typology)`,
      next: () => ({ method: 'GET', path: m.facetCalls[n++ % m.facetCalls.length]!, headers: json }), distinct: gets(m.facetCalls, json) },
    { id: '5a', title: 'named questions, rotating', what: `\`GET /api/queries/<name>?…\` rotating over the ${m.questionCalls.length} example calls of the named queries (plain JSON)`,
      next: () => ({ method: 'GET', path: m.questionCalls[n++ % m.questionCalls.length]!, headers: json }), distinct: gets(m.questionCalls, json) },
    { id: '5b', title: 'named questions, uncached', what: 'the same calls with `limit=` from 100 to 1000 changing per request: the paged query is new text each time, so it runs on a worker (the count and label queries mostly hit the cache)',
      next: () => {
        const i = n++;
        return { method: 'GET', path: `${m.questionCalls[i % m.questionCalls.length]!}&limit=${100 + (i % 901)}`, headers: json };
      } },
  ];
  return new Map(list.map((s) => [s.id, s]));
}

interface Settings {
  readonly connections: number;
  readonly durationS: number;
}

async function measure(origin: string, scenario: Scenario, settings: Settings): Promise<LoadResult> {
  const base = { origin, connections: settings.connections, timeoutS: TIMEOUT_S, maxRequests: MAX_REQUESTS, next: scenario.next };
  await prime(origin, scenario.distinct ?? [], log);
  await runLoad({ ...base, durationS: WARMUP_S });
  return runLoad({ ...base, durationS: settings.durationS });
}

function summaryLine(id: string, r: LoadResult): string {
  const bad = Object.entries(r.errorCodes).map(([k, v]) => `${k} ×${v.count}`).join(', ');
  return `  ${id}: ${r.rps.toFixed(0)} req/s, p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms, max ${r.latency.max.toFixed(1)} ms` +
    `${bad ? `; ${bad}` : ''}${r.timeouts ? `; ${r.timeouts} timeouts` : ''}`;
}

function assertLoopback(server: RunningServer): string {
  const url = new URL(server.endpoint);
  if (!/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) throw new Error(`the server is not on a loopback address (${url.hostname}); pass no --host in --server-args`);
  return url.origin;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '10' },
      duration: { type: 'string', default: '10' },
      workers: { type: 'string' },
      'server-args': { type: 'string', default: '' },
      'runaway-deadline': { type: 'string', default: '5' },
      out: { type: 'string', default: join('docs', 'benchmarks.md') },
    },
  });
  const connections = Number(values.connections);
  const durationS = Number(values.duration);
  const deadlineS = Number(values['runaway-deadline']);
  if (!Number.isInteger(connections) || connections < 1 || connections > 1000) throw new Error('--connections takes an integer from 1 to 1000');
  if (!Number.isFinite(durationS) || durationS < 1 || durationS > 120) throw new Error('--duration takes seconds from 1 to 120');
  if (!Number.isFinite(deadlineS) || deadlineS <= 0 || deadlineS > 30) throw new Error('--runaway-deadline takes seconds up to 30');
  if (values.workers !== undefined && !/^\d+$/.test(values.workers)) throw new Error('--workers takes an integer');
  const serverArgs = values['server-args'].trim().split(/\s+/).filter(Boolean);
  const workerArgs = values.workers !== undefined ? ['--workers', values.workers] : [];
  const settings: Settings = { connections, durationS };

  const root = process.cwd();
  const started = performance.now();
  const machine = describeMachine(root);
  const extra = process.argv.slice(2).map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
  const command = `npm run bench:load${extra ? ` -- ${extra}` : ''}`;
  const memory: MemoryPoint[] = [];
  const runs: ScenarioRun[] = [];
  const note = (server: string, point: string, s: RunningServer) => {
    const m = s.memory();
    if (m) memory.push({ server, point, ...m });
  };

  // Server A: the scenarios one after another; A0 (caching off) the uncached ones.
  const mainArgs = [...serverArgs, ...workerArgs];
  const noCache = ['--cache-size', '0'];
  const labelOf = (args: readonly string[]) => `\`serve ${[...args, '--port', '0'].join(' ')}\``;
  let mat!: Material;
  let all!: Map<string, Scenario>;
  const plain = async (label: 'A' | 'A0', args: readonly string[], pick: (s: Scenario) => boolean) => {
    log(`load: starting segraph serve ${args.join(' ')}`);
    const server = await startServer({ root, args: [...args], readyTimeoutMs: 120_000 });
    try {
      await server.allReady(60_000);
      const origin = assertLoopback(server);
      note(label, 'after start', server);
      if (!all) {
        mat = await material(root, server);
        all = scenarios(mat);
      }
      for (const scenario of [...all.values()].filter(pick)) {
        log(`load: scenario ${scenario.id}, ${scenario.title}`);
        try {
          const result = await measure(origin, scenario, settings);
          log(summaryLine(scenario.id, result));
          runs.push({ id: scenario.id, title: scenario.title, what: scenario.what, server: label, result });
        } catch (error) {
          log(`  failed: ${(error as Error).message}`);
          runs.push({ id: scenario.id, title: scenario.title, what: scenario.what, server: label, error: (error as Error).message });
        }
        note(label, `after ${scenario.id}`, server);
      }
    } finally {
      await server.stop();
    }
  };
  await plain('A', mainArgs, (sc) => !sc.uncached);
  await plain('A0', [...mainArgs, ...noCache], (sc) => sc.uncached === true);
  runs.sort((a, b) => [...all.keys()].indexOf(a.id) - [...all.keys()].indexOf(b.id));

  // Server B: 2, 3 and 5 again while two runaways are kept in flight; B0 (caching off) the uncached ones.
  const runawayArgs = [...serverArgs, ...workerArgs, '--deadline', String(deadlineS)];
  let runawayCount = 0;
  const withRunaways = async (label: 'B' | 'B0', args: readonly string[], ids: readonly string[]) => {
  log(`load: starting segraph serve ${args.join(' ')} for the runaway scenarios`);
  const server = await startServer({ root, args: [...args], readyTimeoutMs: 120_000 });
  try {
    await server.allReady(60_000);
    const origin = assertLoopback(server);
    note(label, 'after start', server);
    for (const id of ids) {
      const scenario = all.get(id)!;
      log(`load: scenario 6·${id}, ${scenario.title}, with two runaways`);
      const base = { origin, connections, timeoutS: TIMEOUT_S, maxRequests: MAX_REQUESTS, next: scenario.next };
      let sends: RunawaySend[] = [];
      try {
        await prime(origin, scenario.distinct ?? [], log);
        await runLoad({ ...base, durationS: WARMUP_S });
        const runaways = new RunawayLoad(server.endpoint, RUNAWAY_ADDRESSES, () => `${EXPLOSIVE}\n# runaway ${runawayCount++}\n`);
        runaways.start();
        await sleep(100); // both runaways reach a worker before the measured traffic
        const result = await runLoad({ ...base, durationS });
        const windowMs = result.durationS * 1000 + 100;
        log('  waiting for the runaways in flight to be cut');
        sends = await runaways.stop();
        log(`${summaryLine(`6·${id}`, result)}; ${sends.length} runaways sent`);
        runs.push({ id: `6·${id}`, title: `${scenario.title}, two runaways in flight`, what: scenario.what, server: label, result, runaways: sends, windowMs });
      } catch (error) {
        log(`  failed: ${(error as Error).message}`);
        runs.push({ id: `6·${id}`, title: `${scenario.title}, two runaways in flight`, what: scenario.what, server: label, error: (error as Error).message, runaways: sends });
      }
      await poolAnswers(server.endpoint, `${SIMPLE}# pool check`); // the replaced workers load again before the next scenario
      note(label, `after 6·${id}`, server);
    }
  } finally {
    await server.stop();
  }
  };
  const sixes = ['2', '3a', '3b', '5a', '5b'];
  await withRunaways('B', runawayArgs, sixes.filter((id) => !all.get(id)!.uncached));
  await withRunaways('B0', [...runawayArgs, ...noCache], sixes.filter((id) => all.get(id)!.uncached));
  const order = sixes.map((id) => `6·${id}`);
  runs.sort((a, b) => (order.includes(a.id) && order.includes(b.id) ? order.indexOf(a.id) - order.indexOf(b.id) : 0));

  // Memory: fresh 1- and 2-worker servers under the same short load.
  const workerMemory: WorkerMemoryRun[] = [];
  for (const workers of [1, 2]) {
    const args = [...serverArgs, '--workers', String(workers), ...noCache];
    log(`load: memory with ${workers} worker(s)`);
    const s = await startServer({ root, args, readyTimeoutMs: 120_000 });
    try {
      await s.allReady(60_000);
      const origin = assertLoopback(s);
      const afterStart = s.memory();
      for (const id of ['2', '3b']) {
        await runLoad({ origin, connections, timeoutS: TIMEOUT_S, maxRequests: MAX_REQUESTS, next: all.get(id)!.next, durationS: MEMORY_LOAD_S });
      }
      workerMemory.push({ workers, afterStart, afterLoad: s.memory() });
    } finally {
      await s.stop();
    }
  }

  const run: LoadRun = {
    machine, command, connections, durationS, warmupS: WARMUP_S, timeoutS: TIMEOUT_S, deadlineS, memoryLoadS: MEMORY_LOAD_S,
    servers: { A: labelOf(mainArgs), A0: labelOf([...mainArgs, ...noCache]), B: labelOf(runawayArgs), B0: labelOf([...runawayArgs, ...noCache]) }, runawayAddresses: RUNAWAY_ADDRESSES, runs, memory, workerMemory,
    material: { practices: mat.slugs.length, facetCalls: mat.facetCalls.length, questionCalls: mat.questionCalls.length },
    loadAverageAfter: loadavg(), durationMs: performance.now() - started,
  };
  const out = resolve(root, values.out);
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
  writeFileSync(out, withLoadSection(previous, renderLoadSection(run)));
  log(`wrote the load section of ${values.out} (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
}

main().catch((error: unknown) => {
  log(`bench:load: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
