/**
 * The server's own SPARQL in queries/internal/: each file parses, is used by the code (by name,
 * through `staticQuery`), and is found from dist/ as from src/; the facet query binds exactly the
 * dimensions src/api/facets.ts describes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/api/facets.js';
import { STATIC_QUERY_DIR, staticQuery } from '../../src/query/static-query.js';
import { ROOT } from '../helpers/project.js';

const dir = fileURLToPath(STATIC_QUERY_DIR);
const code = sources(join(ROOT, 'src')).join('\n');
const names = readdirSync(dir).filter((f) => f.endsWith('.rq')).map((f) => f.slice(0, -3)).sort();

/** Every `.ts` file under a directory. */
function sources(at: string): string[] {
  return readdirSync(at, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

describe('queries/internal', () => {
  it('is queries/internal/ of the package, from src/ and from dist/', async () => {
    expect(dir).toBe(join(ROOT, 'queries', 'internal') + '/');
    const built = (await import(join(ROOT, 'dist', 'query', 'static-query.js'))) as { STATIC_QUERY_DIR: URL };
    expect(built.STATIC_QUERY_DIR.href).toBe(STATIC_QUERY_DIR.href);
    expect(names.length).toBeGreaterThan(10);
  });

  it.each(names)('%s.rq parses and is used', (name) => {
    const text = staticQuery(name);
    expect(() => new sparqljs.Parser().parse(text)).not.toThrow();
    expect(staticQuery(name)).toBe(text);
    expect(code.includes(`staticQuery('${name}')`), `staticQuery('${name}') in src/`).toBe(true);
  });

  it('refuses a name that is not one', () => {
    expect(() => staticQuery('../queries/funding-totals')).toThrow(/not a static query name/);
  });

  it('facets.rq binds the dimensions facets.ts describes, in its order', () => {
    const bound = [...staticQuery('facets').matchAll(/BIND\("(\w+)" AS \?dimension\)/g)].map((m) => m[1]);
    expect(bound).toEqual(DIMENSIONS.map((d) => d.name));
  });
});
