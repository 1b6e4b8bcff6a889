/**
 * The scale tier's section of docs/benchmarks.md (between `<!-- scale:start -->` and
 * `<!-- scale:end -->`): per graph, each query on the embedded engine, straight to Virtuoso and
 * through segraph over Virtuoso, who wins and by how much; publish throughput and switch time;
 * Virtuoso's memory and database; where the embedded engine stops fitting. Also the scale
 * tier's rows of the target table.
 */
import type { HttpQueryResult } from './http.js';
import type { BenchQuery } from './queries.js';
import { mb, medianP90, rowsCell, seconds, summaryOf, table, verdict } from './report-parts.js';
import { sizeLabel, type ScaleGraph, type ScaleResults } from './scale.js';
import type { StoreGraphResult } from './store-phase.js';
import type { PublishFigures } from './store-publish.js';
import { ms } from './stats.js';

const median = (r: HttpQueryResult | undefined, mode: 'uncached' | 'cached' = 'uncached') => summaryOf(r?.[mode].times)?.median;

/** `Virtuoso 3.2×`: the faster of two medians and how many times faster. */
function winner(a: { name: string; ms: number | undefined }, b: { name: string; ms: number | undefined }): string {
  if (a.ms === undefined || b.ms === undefined) return '–';
  const [fast, slow] = a.ms <= b.ms ? [a, b] : [b, a];
  const times = slow.ms! / fast.ms!;
  return `${fast.name} ${times >= 10 ? Math.round(times) : times.toFixed(1)}×`;
}

const rate = (p: PublishFigures) => Math.round(p.quads / (p.loadMs / 1000)).toLocaleString('en');
const measured = (x: unknown): x is PublishFigures => typeof x === 'object' && x !== null && 'loadMs' in x;

/** `Virtuoso is faster on 6 of 8 queries (1.4–7.9×: …); embedded on 2 (…).` */
function winners(pairs: ReadonlyArray<{ id: string; embedded: number | undefined; store: number | undefined }>, storeName: string): string | undefined {
  const known = pairs.filter((x): x is { id: string; embedded: number; store: number } => x.embedded !== undefined && x.store !== undefined);
  if (known.length === 0) return undefined;
  const side = (name: string, won: typeof known, times: (x: (typeof known)[number]) => number) => {
    if (won.length === 0) return `${name} on none`;
    const sorted = [...won].sort((a, b) => times(b) - times(a));
    return `${name} on ${won.length} (${sorted.map((x) => `${x.id} ${times(x).toFixed(1)}×`).join(', ')})`;
  };
  const storeWins = known.filter((x) => x.store < x.embedded);
  const embeddedWins = known.filter((x) => x.store >= x.embedded);
  return `Faster, of ${known.length} queries: ${side(storeName, storeWins, (x) => x.embedded / x.store)}; ${side('embedded', embeddedWins, (x) => x.store / x.embedded)}.`;
}

/** Worst (highest) segraph-over-Virtuoso − Virtuoso-direct median over the queries of one graph. */
function worstOverhead(g: StoreGraphResult, queries: readonly BenchQuery[]): { id: string; ms: number } | undefined {
  let worst: { id: string; ms: number } | undefined;
  for (const q of queries) {
    const over = median(g.overStore[q.id]);
    const direct = median(g.direct[q.id]);
    if (over === undefined || direct === undefined) return undefined;
    if (!worst || over - direct > worst.ms) worst = { id: q.id, ms: over - direct };
  }
  return worst;
}

export interface ScaleQueries {
  /** The queries of each graph, by its label. */
  readonly [label: string]: readonly BenchQuery[];
}

/** The scale tier's rows for the target table. */
export function scaleTargets(s: ScaleResults, queries: ScaleQueries): string[][] {
  const rows: string[][] = [];
  const store = s.store;
  if (!store) return [['scale tier (Virtuoso)', 'not measured (`--no-store`)', verdict(undefined)]];
  const overheads = store.graphs.map((g) => ({ g, w: worstOverhead(g, queries[g.label] ?? []) }));
  const missing = store.graphs.find((g) => g.overStoreNotMeasured)?.overStoreNotMeasured;
  const known = overheads.filter((o) => o.w);
  rows.push(['segraph over Virtuoso adds < 2 ms to Virtuoso\'s own median, each query',
    known.length ? known.map(({ g, w }) => `${g.label}: worst +${ms(w!.ms)} ms (${w!.id})`).join('; ') : `not measured: ${missing ?? '?'}`,
    verdict(known.length ? known.every(({ w }) => w!.ms < 2) : undefined)]);
  const big = s.big ? store.graphs.find((g) => g.label === s.big!.label) : undefined;
  if (big) {
    const p = big.publish;
    rows.push([`publishing ${big.label} triples (\`segraph publish\`, bulk loader) < 5 minutes`,
      p ? `${seconds(p.totalMs)} for ${p.quads.toLocaleString('en')} quads (${rate(p)} triples/s; switch ${ms(p.switchMs)} ms)` : `failed: ${big.error ?? '?'}`,
      verdict(p ? p.totalMs < 300_000 : undefined)]);
  }
  return rows;
}

function embeddedCell(g: ScaleGraph | undefined, id: string): string {
  if (!g || 'notMeasured' in g.embedded) return 'not measured';
  return medianP90(summaryOf(g.embedded.http[id]?.uncached.times));
}

/**
 * The section, markers excluded. `header`: the sentence saying which run measured it (the page's
 * own run, or a `--store-only` run on its own).
 */
export function renderScale(s: ScaleResults, queries: ScaleQueries, header: string): string {
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines, '');
  p('## Scale tier: Virtuoso direct, segraph over Virtuoso, embedded', header);
  const store = s.store;
  if (!store) {
    p('Not measured in this run (`--no-store`).');
    return out.join('\n');
  }
  p(`Virtuoso ${store.virtuoso} (Debian's \`virtuoso-opensource-7\`, started for the run by src/store/virtuoso-instance.ts with ${store.buffers.toLocaleString('en')} buffers of 8 kB, ` +
    `${mb((store.buffers * 8) / 1024)}), on the same 2 cores. Each graph is published into it with segraph's own \`publish()\` (what \`segraph publish --to URL\` runs; bulk loader) ` +
    'as a version beside the one before (the default `--keep 2`), and then every query is timed three ways: ' +
    '*embedded segraph* is `segraph serve` over its own Oxigraph workers, uncached, with the same client (each graph says where its figures come from; ' +
    'those measured in the scale tier were taken once Virtuoso had stopped, so the two never share the memory); ' +
    '*Virtuoso direct* is the same client (bench/http.ts) posting the query to Virtuoso\'s `/sparql` with the dataset segraph\'s engine would give it ' +
    '(`default-graph-uri` = the version\'s union graph, `named-graph-uri` = its graphs; a form POST, as Virtuoso 7.2 does not answer a POST of `application/sparql-query`); ' +
    '*segraph over Virtuoso* is `segraph serve --engine sparql --endpoint …/sparql` answering over HTTP as in the other sections (uncached: a unique comment line per request); ' +
    'Virtuoso direct and segraph over Virtuoso are timed alternating request by request (direct, segraph, direct, …), so both see the same moments of this noisy machine. ' +
    '*Its engine* is what segraph over Virtuoso reports in `Server-Timing: engine;dur=…`: the remote engine\'s own time (rewriting the query, the request to Virtuoso, reading and mapping its answer); ' +
    'the rest of its figure is segraph\'s HTTP layer and the transport. *Overhead* is segraph over Virtuoso − Virtuoso direct (medians). *Winner* compares the two ways to serve segraph, embedded and over Virtuoso, both over HTTP through segraph ' +
    '(Virtuoso direct where segraph over Virtuoso was not measured): the faster one and how many times faster its median is.');
  for (const sg of store.graphs) {
    const g = s.graphs.find((x) => x.label === sg.label);
    const qs = queries[sg.label] ?? [];
    p(`### ${sg.label === 'seed graph' ? 'Seed graph' : `Synthetic graph, about ${sg.label} triples`} (${sg.quads.toLocaleString('en')} quads)`);
    if (sg.error) p(`**Failed:** \`${sg.error.split('\n')[0]}\``);
    if (sg.overStoreNotMeasured) p(`segraph over Virtuoso **not measured**: ${sg.overStoreNotMeasured}.`);
    if (g && 'notMeasured' in g.embedded) p(`Embedded segraph **not measured**: ${g.embedded.notMeasured}.`);
    else if (g && 'from' in g.embedded) p(`Embedded segraph: ${g.embedded.from}.`);
    p(table(['query', 'rows', 'embedded segraph', 'Virtuoso direct', 'segraph over Virtuoso', 'its engine', 'overhead over Virtuoso', 'over Virtuoso, cached', 'winner'], qs.map((q) => {
      const e = g && 'http' in g.embedded ? g.embedded.http[q.id] : undefined;
      const d = sg.direct[q.id];
      const o = sg.overStore[q.id];
      const over = median(o);
      const direct = median(d);
      const overhead = over !== undefined && direct !== undefined ? over - direct : undefined;
      const failures = [d, o].reduce((n, r) => n + (r?.uncached.failures ?? 0), 0);
      const viaSegraph = over !== undefined;
      return [q.id, rowsCell(e?.uncached.rows, d?.uncached.rows, o?.uncached.rows) + (failures ? ` (${failures} failed: ${(d?.uncached.firstFailure ?? o?.uncached.firstFailure ?? '').slice(0, 80)})` : ''),
        embeddedCell(g, q.id), medianP90(summaryOf(d?.uncached.times)), medianP90(summaryOf(o?.uncached.times)), medianP90(summaryOf(o?.uncached.engineTimes)),
        overhead === undefined ? '–' : `${overhead >= 0 ? '+' : ''}${ms(overhead)}`, medianP90(summaryOf(o?.cached.times)),
        winner({ name: 'embedded', ms: median(e) }, { name: viaSegraph ? 'Virtuoso' : 'Virtuoso (direct)', ms: viaSegraph ? over : direct })];
    })));
    const summary = winners(qs.map((q) => ({
      id: q.id, embedded: median(g && 'http' in g.embedded ? g.embedded.http[q.id] : undefined),
      store: median(sg.overStoreNotMeasured ? sg.direct[q.id] : sg.overStore[q.id]),
    })), sg.overStoreNotMeasured ? 'Virtuoso (direct)' : 'segraph over Virtuoso');
    if (summary) p(summary);
    if (sg.overStoreStartupMs !== undefined) p(`\`segraph serve --engine sparql\` was ready ${seconds(sg.overStoreStartupMs)} after it was spawned.`);
  }

  p('### Publishing and switching versions',
    '*Load* is `publish()`\'s own figure: from the start of the load to the version loaded, each graph\'s count checked against the manifest and the version marked complete; ' +
    '*switch* is the one SPARQL Update that makes it the published version; *whole publish* is the call, the reading of the control graph and the removal of versions beyond `--keep 2` included. ' +
    'Throughput (*triples/s*) counts the snapshot\'s quads, its triples in their graphs (each is stored twice: in its graph and in the union graph). The *roll-back* is `publish()` of the version before, still kept: ' +
    'its counts checked and switched to, without loading. Virtuoso\'s RSS is read after the graph\'s queries; its database file holds every version kept so far and never shrinks.');
  const rows: string[][] = [];
  for (const g of store.graphs) {
    const memory = `${mb(g.virtuosoMemory?.rssMb)} (peak ${mb(g.virtuosoMemory?.peakMb)})`;
    const db = g.databaseBytes === undefined ? '–' : mb(g.databaseBytes / 1024 ** 2);
    const p1 = g.publish;
    rows.push([g.label, g.quads.toLocaleString('en'), p1 ? 'bulk' : '–', seconds(p1?.loadMs), p1 ? rate(p1) : '–', p1 ? `${ms(p1.switchMs)} ms` : '–', seconds(p1?.totalMs), memory, db]);
    if (g.httpPublish) {
      const h = g.httpPublish;
      rows.push([g.label, g.quads.toLocaleString('en'), 'http (Graph Store, Digest auth)', measured(h) ? seconds(h.loadMs) : `failed: ${'failed' in h ? h.failed : ''}`,
        measured(h) ? rate(h) : '–', measured(h) ? `${ms(h.switchMs)} ms` : '–', measured(h) ? seconds(h.totalMs) : '–', '', '']);
    }
    if (g.rollBack) {
      const r = g.rollBack;
      rows.push([g.label, '', 'roll-back to the kept version', measured(r) ? 'no load' : `failed: ${'failed' in r ? r.failed : ''}`, '–',
        measured(r) ? `${ms(r.switchMs)} ms` : '–', measured(r) ? `${ms(r.totalMs)} ms` : '–', '', '']);
    }
  }
  p(table(['graph', 'quads', 'loader', 'load', 'triples/s', 'switch', 'whole publish', 'Virtuoso RSS after queries', 'database file'], rows));

  if (s.big) {
    const b = s.big;
    p(`The ${b.label} graph is generated by bench/synthetic.ts like the others (seed as above): ${b.quads.toLocaleString('en')} quads, ${(b.bytes / 1024 ** 2).toFixed(0)} MB of N-Quads ` +
      `(SHA-256 \`${b.sha256.slice(0, 16)}…\`, written in ${seconds(b.generateMs)}), ${b.practices.toLocaleString('en')} practices, ${b.places.toLocaleString('en')} municipalities in ${b.nuts3.toLocaleString('en')} NUTS 3 regions.`);
  }
  const fit = s.fit;
  if (fit) {
    p('### Where the embedded engine stops fitting',
      'Each query worker of the embedded server holds its own Oxigraph store: the named graphs and the default graph made of their merge (src/query/load-store.ts). ' +
      'bench/fit-child.ts grows one such store in a process of its own, a step of the ' + `${s.big?.label ?? ''} file at a time, ` +
      'each step\'s quads into their named graphs and again as triples of the default graph (what the merge leaves there), and reads the process\'s RSS after each step. ' +
      'Oxigraph runs as **32-bit WebAssembly**: its linear memory cannot pass 4 GiB, whatever the machine has.');
    const steps = fit.steps.filter((_, i, all) => i % Math.max(1, Math.round(all.length / 8)) === all.length % Math.max(1, Math.round(all.length / 8)) || i === all.length - 1 || i === 0);
    p(table(['quads loaded (each also as a default-graph triple)', 'RSS', 'time'], steps.map((x) => [x.quads.toLocaleString('en'), mb(x.rssMb), seconds(x.ms)])));
    const last = fit.steps.at(-1);
    const perMillion = last && fit.steps.length > 1 ? (last.rssMb - fit.steps[0]!.rssMb) / ((last.quads - fit.steps[0]!.quads) / 1e6) : undefined;
    if (fit.done) {
      p(`One worker's store held all ${fit.quads.toLocaleString('en')} quads (${fit.done.storeSize.toLocaleString('en')} entries with the default graph; RSS ${mb(fit.done.rssMb)}, ${seconds(fit.done.ms)}).`);
    } else if (fit.failed) {
      p(`**It stopped after ${fit.failed.quads.toLocaleString('en')} of ${fit.quads.toLocaleString('en')} quads**: the next step failed with \`${fit.failed.message}\` ` +
        `at RSS ${mb(fit.failed.rssMb)} — the WebAssembly store could not grow past its 4 GiB. ` +
        `A worker grows by about ${mb(perMillion)} per million quads, so on this machine the embedded engine stops fitting at about **${sizeLabel(fit.failed.quads)}–${sizeLabel(fit.failed.quads + (fit.steps[1]?.quads ?? 0) - (fit.steps[0]?.quads ?? 0))} quads** ` +
        'per worker, whatever the RAM: the 24 GB would hold the two workers of the default server (2 × 4 GiB) several times over, ' +
        'so past that size the graph needs the store (or a sharper split of graphs across workers, which segraph does not do). ' +
        'This is an upper bound for the server: its workers make the default graph with `ADD … TO DEFAULT` per graph, which needs working memory on top of the store, ' +
        'so a worker stops at this size or before.');
    }
  }
  return out.join('\n');
}
