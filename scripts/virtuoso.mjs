#!/usr/bin/env node
/**
 * A throw-away Virtuoso for CI, the tests and the benchmark (src/store/virtuoso-instance.ts):
 *
 *   node scripts/virtuoso.mjs start DIR [--port 8891] [--isql-port 1112] [--buffers 170000]
 *       starts virtuoso-t with its database in DIR, waits until its SPARQL endpoint answers,
 *       writes DIR/instance.json (endpoint, ports, pid, load directory) and prints the endpoint;
 *   node scripts/virtuoso.mjs stop DIR
 *       stops it (SIGTERM, then SIGKILL after 20 s).
 *
 * Needs `npm run build:ts` first (it imports dist/).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' }, 'isql-port': { type: 'string' }, buffers: { type: 'string' } },
});
const [command, dir] = positionals;
if (!dir || (command !== 'start' && command !== 'stop')) {
  console.error('usage: node scripts/virtuoso.mjs start|stop DIR [--port N] [--isql-port N] [--buffers N]');
  process.exit(2);
}
if (command === 'start') {
  const { startVirtuoso } = await import('../dist/store/virtuoso-instance.js');
  const v = await startVirtuoso({
    dir,
    httpPort: Number(values.port ?? 0),
    isqlPort: Number(values['isql-port'] ?? 0),
    ...(values.buffers ? { buffers: Number(values.buffers) } : {}),
  });
  const { stop: _, ...info } = v;
  await writeFile(join(dir, 'instance.json'), JSON.stringify(info, null, 2));
  console.log(v.endpoint);
  process.exit(0); // the server runs on, detached
} else {
  const info = JSON.parse(await readFile(join(dir, 'instance.json'), 'utf8'));
  try {
    process.kill(info.pid, 'SIGTERM');
  } catch {
    process.exit(0); // already gone
  }
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      process.kill(info.pid, 0);
    } catch {
      break;
    }
    if (Date.now() > until) {
      process.kill(info.pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
