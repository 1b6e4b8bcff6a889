/**
 * `npm run bench:api`: the question API on the seed graph, over HTTP as a client sees it. Starts
 * `segraph serve` in a process of its own, then for each example call of each named query (and a
 * search and a facet request) measures the first answer (the engine runs the query, the count
 * and the label lookup) and the median of 30 repeats (answered from the result cache, as every
 * answer is until the next build). Writes docs/benchmarks-api.md.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadNamedQueries } from '../src/api/named-query.js';

const agent = new http.Agent({ keepAlive: true });
const REPEATS = 30;

function get(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http.get(url, { agent, headers: { accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const root = process.cwd();
  const child = spawn(process.execPath, [join('dist', 'cli', 'bin.js'), 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Home page\s+(\S+)/.exec(out);
      if (m && /all \d+ query workers ready/.test(out)) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const { queries } = await loadNamedQueries(join(root, 'queries'));
  const calls = [
    ...queries.flatMap((q) => q.examples.map((e) => `api/queries/${q.name}?${new URLSearchParams(e)}`)),
    'api/search?q=social%20cooperative', 'api/search?q=uslug', 'api/facets', 'api/facets?fund=esf&typology=predominantly-rural&q=social',
  ];
  const rows: string[] = [];
  const firsts: number[] = [];
  const repeats: number[] = [];
  for (const call of calls) {
    const first = await get(base + call);
    if (first.status !== 200) throw new Error(`${call}: HTTP ${first.status}`);
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) times.push((await get(base + call)).ms);
    firsts.push(first.ms);
    repeats.push(median(times));
    rows.push(`| \`/${call}\` | ${first.ms.toFixed(1)} | ${median(times).toFixed(2)} | ${first.bytes.toLocaleString('en')} |`);
  }
  child.kill('SIGTERM');
  const report = `# Question API benchmark

Produced by \`npm run bench:api\` (one run; 2-core machine, shared and noisy: read the medians
and ratios, not the last digit). The server runs the seed graph in its own process with 2 query
workers; the client is \`node:http\` with keep-alive, asking for plain JSON.

- **first**: the first request for that URL — the engine runs the bound query, its count and the
  label lookup (the facet table and the search index are read on their first use too);
- **repeat**: median of ${REPEATS} repeats — the answer's parts come from the engine's result cache,
  as every answer does until the next build.

Target (architecture brief): a cross-regional query on the seed graph under 5 ms at the median
over HTTP. Median of the first answers: **${median(firsts).toFixed(1)} ms**; median of the repeats: **${median(repeats).toFixed(2)} ms**.

| request | first (ms) | repeat, median (ms) | bytes |
|---|---|---|---|
${rows.join('\n')}
`;
  await writeFile(join(root, 'docs', 'benchmarks-api.md'), report);
  process.stdout.write(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
