/**
 * `npm run bench:explorer`: the explorer at scale. Serves the seed graph plus a synthetic graph of
 * about a million triples (about 15 k practices, bench/synthetic.ts) and, after warm-up, replays
 * the filter changes a user makes — no filter; one fund; + an urban–rural type; + a theme; + a
 * search text; the search text swapped for a country — on `/api/facets` and on `/practices`
 * (the HTML page), timing each answer from request to last byte: the first time the server sees
 * that URL, then median, p90 and max of repeats. Then weighs the first page of `/practices` as a
 * browser loads it (the HTML and every script and stylesheet it references), raw, gzip and
 * brotli, against the budget in the README.
 *
 * With `--compare DIR` (another checkout of segraph, built), the same graph is served by that
 * checkout too and every request goes to both servers in turn, so the two columns come from one
 * run on one machine. Writes its section of docs/benchmarks.md (between the explorer markers).
 *
 * The search text finds practices of the seed graph only: the synthetic graph is loaded with
 * `--load`, which has no search index. It still measures what a search costs the facets (the
 * set of matching practices intersected with the filters).
 *
 * @example
 *   npm run bench:explorer -- [--triples 1000000] [--repeats 20] [--compare ../before] [--out docs/benchmarks.md]
 */
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { withSection } from './load-section.js';
import { describeMachine } from './machine.js';
import { startServer, type RunningServer } from './server.js';
import { summarize, type Summary } from './stats.js';
import { practicesForTriples, writeSynthetic } from './synthetic.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The filter changes of one user, in order (query strings of /api/facets and /practices). */
export const STEPS: ReadonlyArray<{ readonly label: string; readonly query: string }> = [
  { label: 'no filter', query: '' },
  { label: 'one fund', query: 'fund=esf' },
  { label: '+ urban–rural type', query: 'fund=esf&typology=predominantly-rural' },
  { label: '+ a theme', query: 'fund=esf&typology=predominantly-rural&theme=social-inclusion' },
  { label: '+ a search text', query: 'fund=esf&typology=predominantly-rural&theme=social-inclusion&q=social' },
  { label: 'text off, + a country', query: 'fund=esf&typology=predominantly-rural&theme=social-inclusion&country=POL' },
];

/** Budget of the first page of /practices, compressed (brotli), as the README states it. */
export const BUDGET = { htmlKb: 30, assetsKb: 50 } as const;

const agent = new http.Agent({ keepAlive: true });

interface Got { readonly ms: number; readonly status: number; readonly bytes: number; readonly body: Buffer; readonly headers: http.IncomingHttpHeaders }

function get(url: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolvePromise({ ms: performance.now() - started, status: res.statusCode ?? 0, bytes: body.length, body, headers: res.headers });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

interface Target { readonly label: string; readonly server: RunningServer; readonly base: string }
interface StepResult { readonly first: number; readonly summary: Summary; readonly bytes: number; readonly total?: number; readonly failed?: string }

/** Time a server may spend on one step's repeats; past it, it gets no more (a slow server still gets its first answer and one repeat). */
const STEP_BUDGET_MS = 20_000;
/** target label → surface → step label → result */
type Results = Record<string, Record<'api' | 'page', Record<string, StepResult>>>;

const SURFACES = [
  { id: 'api' as const, path: 'api/facets', accept: 'application/json' },
  { id: 'page' as const, path: 'practices', accept: 'text/html' },
];

/** Compared servers that could not answer the warm-up, and why. */
const leftOut: string[] = [];

async function measure(targets: Target[], repeats: number): Promise<Results> {
  // Warm-up: the facet table (and, with it, whatever a server builds once per graph version, such
  // as labels) is read by the first request, the search index by the first with a text; JIT on a few more. A compared server that
  // cannot answer is left out (and said so); the first one must answer.
  for (const t of [...targets]) {
    warmup: for (let i = 0; i < 3; i++) {
      for (const s of SURFACES) {
        const r = await get(`${t.base}${s.path}?typology=intermediate${i === 2 ? '&q=cooperative' : ''}`, { accept: s.accept });
        if (r.status === 200) continue;
        const reason = `warm-up /${s.path}?typology=intermediate${i === 2 ? '&q=cooperative' : ''}: HTTP ${r.status} after ${(r.ms / 1000).toFixed(1)} s: ${r.body.toString().slice(0, 300)}`;
        if (t === targets[0]) throw new Error(`${t.label}: ${reason}`);
        log(`${t.label}: left out: ${reason}`);
        leftOut.push(`*${t.label}* could not answer: ${reason.replace(/\s+/g, ' ')}`);
        targets.splice(targets.indexOf(t), 1);
        break warmup;
      }
    }
  }
  const results: Results = Object.fromEntries(targets.map((t) => [t.label, { api: {}, page: {} }]));
  for (const s of SURFACES) {
    for (const step of STEPS) {
      const url = `${s.path}${step.query ? `?${step.query}` : ''}`;
      const times: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.label, []]));
      const firsts: Record<string, Got> = {};
      const failed: Record<string, string> = {};
      const spent: Record<string, number> = Object.fromEntries(targets.map((t) => [t.label, 0]));
      // Requests alternate between the servers, so that each meets the machine in the same state.
      for (let i = 0; i <= repeats; i++) {
        const order = i % 2 === 0 ? targets : [...targets].reverse();
        for (const t of order) {
          if (failed[t.label] !== undefined || (i > 1 && spent[t.label]! > STEP_BUDGET_MS)) continue;
          const r = await get(t.base + url, { accept: s.accept });
          spent[t.label]! += r.ms;
          if (r.status !== 200) {
            let code = '';
            try { code = ` ${(JSON.parse(r.body.toString()) as { error: { code: string } }).error.code}`; } catch { /* not JSON */ }
            failed[t.label] = `HTTP ${r.status}${code} after ${(r.ms / 1000).toFixed(1)} s`;
            log(`  ${t.label}: /${url}: ${failed[t.label]}`);
            if (i === 0) firsts[t.label] = r;
            continue;
          }
          if (i === 0) firsts[t.label] = r;
          else times[t.label]!.push(r.ms);
        }
      }
      for (const t of targets) {
        const first = firsts[t.label]!;
        const ok = failed[t.label] === undefined && first.status === 200;
        const total = s.id === 'api' && ok ? (JSON.parse(first.body.toString()) as { total: number }).total : undefined;
        results[t.label]![s.id][step.label] = {
          first: first.ms, summary: summarize(times[t.label]!), bytes: first.bytes,
          ...(total !== undefined ? { total } : {}), ...(failed[t.label] !== undefined ? { failed: failed[t.label] } : {}),
        };
      }
      log(`  /${url}: ${targets.map((t) => `${t.label} first ${results[t.label]![s.id][step.label]!.first.toFixed(1)} ms, median ${results[t.label]![s.id][step.label]!.summary.median.toFixed(1)} ms`).join('; ')}`);
    }
  }
  return results;
}

interface Weighed { readonly url: string; readonly kind: 'html' | 'script' | 'stylesheet'; readonly raw: number; readonly gzip: number; readonly br: number; readonly served: string }

/** The <script src> and <link rel=stylesheet href> of a page, resolved against its URL. */
export function referencedAssets(html: string, pageUrl: string): Array<{ url: string; kind: 'script' | 'stylesheet' }> {
  const out: Array<{ url: string; kind: 'script' | 'stylesheet' }> = [];
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find((v) => v !== undefined);
  const unescape = (v: string) => v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(m[0], 'src');
    if (src) out.push({ url: new URL(unescape(src), pageUrl).href, kind: 'script' });
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attr(m[0], 'rel');
    const href = attr(m[0], 'href');
    if (href && rel && rel.toLowerCase().split(/\s+/).includes('stylesheet')) out.push({ url: new URL(unescape(href), pageUrl).href, kind: 'stylesheet' });
  }
  return out;
}

/** The first page of /practices as a browser loads it: each part raw, and as the server sends it gzip and brotli. */
async function weigh(base: string): Promise<Weighed[]> {
  const pageUrl = `${base}practices`;
  const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  const one = async (url: string, kind: Weighed['kind'], accept: string): Promise<Weighed> => {
    const raw = await get(url, { accept, 'accept-encoding': 'identity' });
    if (raw.status !== 200) throw new Error(`${url}: HTTP ${raw.status}`);
    const gz = await get(url, { accept, 'accept-encoding': 'gzip' });
    const br = await get(url, { accept, 'accept-encoding': 'br' });
    // What the server sends; where it sends a part uncompressed, what compressing it would give is not counted.
    const served = [gz.headers['content-encoding'] ?? 'identity', br.headers['content-encoding'] ?? 'identity'].join('/');
    return { url: url.slice(base.length - 1), kind, raw: raw.bytes, gzip: gz.bytes, br: br.bytes, served };
  };
  const page = await one(pageUrl, 'html', browser.accept);
  const html = (await get(pageUrl, { ...browser, 'accept-encoding': 'identity' })).body.toString('utf8');
  const parts = [page];
  for (const asset of referencedAssets(html, pageUrl)) {
    if (new URL(asset.url).origin !== new URL(base).origin) throw new Error(`/practices references another origin: ${asset.url}`);
    parts.push(await one(asset.url, asset.kind, '*/*'));
  }
  return parts;
}

/** Sizes a compressor of our own gives, to check the server's figures (not used for the budget). */
export const compressedSizes = (body: Buffer) => ({ gzip: gzipSync(body).length, br: brotliCompressSync(body).length });

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function render(options: {
  command: string; quads: number; practices: number; repeats: number; targets: readonly Target[]; results: Results;
  weights: Record<string, Weighed[]>; machine: ReturnType<typeof describeMachine>; durationMs: number; loadBefore: number[];
}): string {
  const { targets, results } = options;
  const out: string[] = [];
  const p = (line = '') => out.push(line);
  p('## Explorer: a filter change at scale, and the first page\'s payload');
  p();
  p('<!-- Generated by `npm run bench:explorer` (bench/explorer.ts) between the explorer markers; `npm run bench` keeps this section. Rerun it rather than editing by hand. -->');
  p(`Measured by \`${options.command}\` on ${new Date().toISOString().slice(0, 10)} in ${(options.durationMs / 60_000).toFixed(1)} min (${options.machine.cores} cores, shared and noisy; load average ${options.loadBefore.map((l) => l.toFixed(2)).join(' / ')} before the run). The server (\`segraph serve --load synthetic.nq --workers 1 --max-rows 1000000 --deadline 120\`: the row cap raised so that code reading the facet table without \`complete\` reads all of it) holds the seed graph and ${options.quads.toLocaleString('en')} synthetic quads (${options.practices.toLocaleString('en')} synthetic practices). Each step is one URL; **first** is the first request for it (after a warm-up that read the facet table), then **median / p90 / max** of ${options.repeats} repeats (fewer for a server past ${STEP_BUDGET_MS / 1000} s on a step), in ms from request to last byte over a kept-alive loopback connection, uncompressed.${targets.length > 1 ? ` Requests alternate between the servers (${targets.map((t) => `*${t.label}*`).join(' and ')}), so both columns come from the same run.` : ''}`);
  p();
  for (const line of leftOut) p(`\n${line}`);
  p();
  p('Target (issue 13): a filter change — facet counts for every dimension plus the first page of results — in under 20 ms at the median.');
  for (const surface of SURFACES) {
    p();
    p(`### \`/${surface.path}\``);
    p();
    p(`| step | practices | ${targets.map((t) => `${t.label}: first | ${t.label}: median / p90 / max | ${t.label}: bytes`).join(' | ')} |${targets.length > 1 ? ` median ${targets[1]!.label} ÷ ${targets[0]!.label} |` : ''}`);
    p(`|---|--:|${targets.map(() => '--:|--:|--:').join('|')}|${targets.length > 1 ? '--:|' : ''}`);
    for (const step of STEPS) {
      const cells = targets.map((t) => {
        const r = results[t.label]![surface.id][step.label]!;
        if (r.failed && r.summary.n === 0) return `${r.failed} | – | –`;
        const n = r.summary.n < options.repeats ? ` (${r.summary.n} repeat${r.summary.n === 1 ? '' : 's'}: past the step's time budget)` : '';
        return `${f(r.first)} | **${f(r.summary.median)}** / ${f(r.summary.p90)} / ${f(r.summary.max)}${n} | ${r.bytes.toLocaleString('en')}`;
      });
      const total = targets.map((t) => results[t.label]!.api[step.label]?.total).find((n) => n !== undefined);
      const medians = targets.map((t) => results[t.label]![surface.id][step.label]!.summary.median);
      const ratio = targets.length > 1 ? ` ${Number.isFinite(medians[1]! / medians[0]!) ? `${(medians[1]! / medians[0]!).toFixed(0)}×` : '–'} |` : '';
      p(`| ${step.label} (\`${step.query || '–'}\`) | ${total?.toLocaleString('en') ?? ''} | ${cells.join(' | ')} |${ratio}`);
    }
  }
  for (const t of targets) {
    const parts = options.weights[t.label];
    if (!parts) continue;
    p();
    p(`### Payload of the first page of \`/practices\`${targets.length > 1 ? ` (${t.label})` : ''}, at this scale`);
    p();
    p('The HTML and every script and stylesheet it references, as the server sends them (`Accept-Encoding: identity`, `gzip`, `br`); kB = 1,024 bytes.');
    p();
    p('| part | raw kB | gzip kB | brotli kB | served as (gzip/br asked) |');
    p('|---|--:|--:|--:|---|');
    for (const w of parts) p(`| ${w.kind} \`${w.url}\` | ${kb(w.raw)} | ${kb(w.gzip)} | ${kb(w.br)} | ${w.served} |`);
    const html = parts.filter((w) => w.kind === 'html');
    const assets = parts.filter((w) => w.kind !== 'html');
    const sum = (ws: Weighed[], k: 'raw' | 'gzip' | 'br') => ws.reduce((a, w) => a + w[k], 0);
    p(`| **JS + CSS** (${assets.length} files) | ${kb(sum(assets, 'raw'))} | ${kb(sum(assets, 'gzip'))} | ${kb(sum(assets, 'br'))} | |`);
    p();
    const htmlOk = sum(html, 'br') <= BUDGET.htmlKb * 1024;
    const assetsOk = sum(assets, 'br') <= BUDGET.assetsKb * 1024;
    p(`Budget (README): HTML ≤ ${BUDGET.htmlKb} kB and JS + CSS ≤ ${BUDGET.assetsKb} kB, brotli: HTML ${kb(sum(html, 'br'))} kB **${htmlOk ? 'holds' : 'EXCEEDED'}**; JS + CSS ${kb(sum(assets, 'br'))} kB **${assetsOk ? 'holds' : 'EXCEEDED'}**.`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      triples: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '20240611' },
      repeats: { type: 'string', default: '20' },
      compare: { type: 'string' },
      'compare-label': { type: 'string', default: 'before' },
      label: { type: 'string', default: 'this checkout' },
      out: { type: 'string', default: join('docs', 'benchmarks.md') },
    },
  });
  const triples = Number(values.triples);
  const seed = Number(values.seed);
  const repeats = Number(values.repeats);
  if (![triples, seed, repeats].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--triples, --seed and --repeats take positive integers');
  const root = process.cwd();
  const started = performance.now();
  const loadBefore = loadavg();
  const extra = process.argv.slice(2).join(' ').replace(/--compare\s+\S+/, '--compare DIR').replace(/--out\s+\/\S+/, '--out FILE');
  const command = `npm run bench:explorer${extra ? ` -- ${extra}` : ''}`;
  const tmp = mkdtempSync(join(tmpdir(), 'segraph-bench-explorer-'));
  const servers: RunningServer[] = [];
  try {
    const practices = practicesForTriples(triples);
    log(`synthetic graph: generating about ${triples.toLocaleString('en')} triples (${practices.toLocaleString('en')} practices)`);
    const file = join(tmp, 'synthetic.nq');
    const generated = writeSynthetic(file, { seed, practices });
    const roots = [{ label: values.label, root }, ...(values.compare ? [{ label: values['compare-label'], root: resolve(values.compare) }] : [])];
    const targets: Target[] = [];
    for (const r of roots) {
      log(`${r.label}: starting segraph serve --load synthetic.nq --workers 1 --max-rows 1000000 --deadline 120`);
      const server = await startServer({ root: r.root, args: ['--load', file, '--workers', '1', '--max-rows', '1000000', '--deadline', '120'], readyTimeoutMs: 300_000 });
      servers.push(server);
      targets.push({ label: r.label, server, base: server.endpoint.replace(/sparql$/, '') });
    }
    log('measuring');
    const results = await measure(targets, repeats);
    const weights: Record<string, Weighed[]> = {};
    // The first server only: the page as this checkout serves it (a slow server's whole first page can take minutes).
    weights[targets[0]!.label] = await weigh(targets[0]!.base);
    for (const t of targets.slice(0, 1)) {
      for (const w of weights[t.label]!) log(`  ${t.label} ${w.kind} ${w.url}: ${kb(w.raw)} kB raw, ${kb(w.gzip)} kB gzip, ${kb(w.br)} kB br`);
    }
    const body = render({
      command, quads: generated.quads, practices, repeats, targets, results, weights,
      machine: describeMachine(root), durationMs: performance.now() - started, loadBefore,
    });
    process.stdout.write(`${body}\n`);
    const out = resolve(root, values.out);
    writeFileSync(out, withSection(existsSync(out) ? readFileSync(out, 'utf8') : '', 'explorer', body));
    log(`wrote the explorer section of ${values.out}`);
  } finally {
    for (const s of servers) await s.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`bench:explorer: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
