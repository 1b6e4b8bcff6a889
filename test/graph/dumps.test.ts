/**
 * The dumps `segraph build` writes into the snapshot: each parses back (N3.js for Turtle,
 * N-Triples, N-Quads and TriG; Oxigraph for RDF/XML and JSON-LD) to exactly the graph of
 * graph.nq — the triple set for the triple formats, the quad set for N-Quads and TriG — each .gz
 * decompresses to the same bytes, and the manifest's sizes and hashes are those of the files.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import { beforeAll, describe, expect, it } from 'vitest';
import { DUMP_FORMATS, type DumpFile } from '../../src/graph/dumps.js';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';

interface TermLike { termType: string; value: string; language?: string; datatype?: { value: string } }
type QuadLike = { subject: TermLike; predicate: TermLike; object: TermLike; graph: TermLike };
const term = (t: TermLike) =>
  t.termType === 'Literal' ? `"${t.value}"@${t.language ?? ''}^^${t.datatype?.value ?? ''}` : `${t.termType}:${t.value}`;
const tripleOf = (q: { subject: TermLike; predicate: TermLike; object: TermLike }) => `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}`;
const quadOf = (q: QuadLike) => `${tripleOf(q)} ${term(q.graph)}`;

let manifest: Manifest;
let paths: SnapshotPaths;
let quads: N3.Quad[];

beforeAll(async () => {
  ({ manifest, paths } = await seedSnapshot());
  quads = new N3.Parser({ format: 'application/n-quads' }).parse(await readFile(paths.nquads, 'utf8'));
});

const dumpsOf = () => manifest.dumps ?? [];
const read = (file: string) => readFile(join(paths.dumps, file));

function parse(dump: DumpFile, text: string): QuadLike[] {
  if (dump.format === 'jsonld' || dump.format === 'rdfxml') {
    return oxigraph.parse(text, { format: dump.mediaType, base_iri: 'http://example.org/' });
  }
  return new N3.Parser({ format: dump.mediaType }).parse(text);
}

describe('dumps written by segraph build', () => {
  it('writes every format, plain and gzipped, and records exactly those files in the manifest', async () => {
    const expected = DUMP_FORMATS.flatMap((f) => [f.file, `${f.file}.gz`]).sort();
    expect(dumpsOf().map((d) => d.file).sort()).toEqual(expected);
    expect((await readdir(paths.dumps)).sort()).toEqual(expected);
    const saved = JSON.parse(await readFile(paths.manifest, 'utf8')) as Manifest;
    expect(saved.dumps).toEqual(manifest.dumps);
  });

  it('records the byte size and SHA-256 of each file', async () => {
    for (const dump of dumpsOf()) {
      const bytes = await read(dump.file);
      expect(bytes.length, dump.file).toBe(dump.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), dump.file).toBe(dump.sha256);
    }
  });

  it('gzips each dump to a file that decompresses to the same bytes', async () => {
    for (const dump of dumpsOf().filter((d) => !d.compression)) {
      const gz = dumpsOf().find((d) => d.file === `${dump.file}.gz`)!;
      expect(gz.compression).toBe('gzip');
      expect(gz.mediaType).toBe(dump.mediaType);
      expect(gz.bytes).toBeLessThan(dump.bytes);
      expect(gunzipSync(await read(gz.file)).equals(await read(dump.file)), gz.file).toBe(true);
    }
  });

  for (const format of DUMP_FORMATS) {
    it(`${format.file} parses back to the ${format.content === 'dataset' ? 'quads' : 'triples'} of graph.nq`, async () => {
      const dump = dumpsOf().find((d) => d.file === format.file)!;
      const parsed = parse(dump, (await read(dump.file)).toString('utf8'));
      if (format.content === 'dataset') {
        const want = new Set(quads.map(quadOf));
        const got = new Set(parsed.map(quadOf));
        expect(got.size).toBe(want.size);
        expect([...want].filter((q) => !got.has(q))).toEqual([]);
      } else {
        const want = new Set(quads.map(tripleOf));
        const got = parsed.map(tripleOf);
        expect(parsed.every((q) => q.graph.termType === 'DefaultGraph')).toBe(true);
        expect(new Set(got).size, 'no duplicate triples').toBe(got.length);
        expect(got.length).toBe(want.size);
        const gotSet = new Set(got);
        expect([...want].filter((t) => !gotSet.has(t)).slice(0, 5)).toEqual([]);
      }
    });
  }

  it('writes Turtle with our prefixes', async () => {
    const turtle = (await read('segraph.ttl')).toString('utf8');
    expect(turtle).toMatch(/^@prefix sg: <https:\/\/w3id\.org\/segraph\/ontology#> ?\.$/m);
    expect(turtle).toMatch(/^@prefix skos: /m);
    expect(turtle).toContain('a sg:Practice');
  });

  // That a rebuild writes the same bytes is checked in test/graph/snapshot.test.ts (the suite's one rebuild).
});
