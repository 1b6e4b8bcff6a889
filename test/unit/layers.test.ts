/**
 * The graph layer writes the search index (src/graph/snapshot.ts imports src/search/build-index.ts),
 * so the search layer must not import the graph layer back: a cycle between the two made each
 * depend on the other's load order. Checked on the import statements of the sources.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.js';

async function importsOf(dir: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (const name of await readdir(join(ROOT, dir))) {
    if (!name.endsWith('.ts')) continue;
    const text = await readFile(join(ROOT, dir, name), 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)) out.push([`${dir}/${name}`, m[1]!]);
  }
  return out;
}

describe('layers', () => {
  it('src/search imports nothing from src/graph', async () => {
    expect((await importsOf('src/search')).filter(([, from]) => from.startsWith('../graph/'))).toEqual([]);
  });

  it('the check sees imports (src/graph does import src/search)', async () => {
    expect((await importsOf('src/graph')).some(([, from]) => from.startsWith('../search/'))).toBe(true);
  });
});
