/**
 * The README's "Named graphs" table is the one list of our graphs: it names every graph the
 * snapshot holds, with the quads the build counted, and only graphs src/vocab/graphs.ts declares.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTHORED_GRAPHS, GRAPHS } from '../../src/vocab/graphs.js';
import { DEFAULT_BASE } from '../../src/vocab/namespace.js';
import { ROOT } from '../helpers/project.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';

interface Row { readonly iri: string; readonly quads: number; readonly text: string }

async function readmeGraphs(): Promise<Row[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Named graphs'));
  const rows = section.split('\n').filter((line) => /^\| `graph\//.test(line));
  return rows.map((line) => {
    const [name, text, quads] = line.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
    return { iri: `${DEFAULT_BASE}${name!.replace(/`/g, '')}`, quads: Number(quads!.replace(/,/g, '')), text: text! };
  });
}

describe('the README\'s named graphs', () => {
  it('lists each graph of the snapshot once, with the quads the build counted', async () => {
    const { manifest } = await seedSnapshot();
    const rows = await readmeGraphs();
    expect(new Set(rows.map((r) => r.iri)).size).toBe(rows.length);
    expect(Object.fromEntries(rows.map((r) => [r.iri, r.quads]))).toEqual(manifest.graphs);
  });

  it('lists only declared graphs, every graph an author may write to among them', async () => {
    const rows = await readmeGraphs();
    const declared = new Set<string>(Object.values(GRAPHS));
    for (const row of rows) expect(declared, row.iri).toContain(row.iri);
    for (const graph of AUTHORED_GRAPHS) expect(rows.map((r) => r.iri)).toContain(graph);
    for (const row of rows) expect(row.text.length, row.iri).toBeGreaterThan(10);
  });
});
