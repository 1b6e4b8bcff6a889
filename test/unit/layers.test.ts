/**
 * The layers of the architecture brief (../shared/design/architecture.md), one direction only:
 * `cli` → `http` → `api` → `store` (the scale tier: publishing to a SPARQL store, and the engine
 * serving from one) → `query` and `search` (side by side, neither importing the other) →
 * `graph` → `vocab`; the spreadsheet template (`template`: import and export of the practices)
 * sits on `graph`, under `cli` only. Nothing imports `cli` or `http` from below. The build writes the search
 * index with the snapshot (src/graph/search-index.ts); `search` only reads it. Checked on the
 * import statements of the sources.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.js';

const RANK: Record<string, number> = { vocab: 0, graph: 1, template: 1.5, query: 2, search: 2, store: 2.5, api: 3, http: 4, cli: 5 };

async function importsOf(layer: string): Promise<Array<{ file: string; layer: string }>> {
  const dir = join(ROOT, 'src', layer);
  const out: Array<{ file: string; layer: string }> = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.ts')) continue;
    const text = await readFile(join(dir, name), 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'\.\.\/([a-z]+)\/[^']+'/gms)) out.push({ file: `src/${layer}/${name}`, layer: m[1]! });
  }
  return out;
}

describe('layers', () => {
  it.each(Object.keys(RANK))('src/%s imports only from the layers below it', async (layer) => {
    const wrong = (await importsOf(layer))
      .filter((i) => i.layer in RANK && i.layer !== layer && RANK[i.layer]! >= RANK[layer]!)
      .map((i) => `${i.file} imports src/${i.layer}`);
    expect(wrong).toEqual([]);
  });

  it('the check sees imports: every layer but vocab imports one below it', async () => {
    for (const layer of Object.keys(RANK).filter((l) => l !== 'vocab')) {
      expect((await importsOf(layer)).some((i) => RANK[i.layer]! < RANK[layer]!), layer).toBe(true);
    }
  });
});
