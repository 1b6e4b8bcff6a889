/**
 * The query tests of the W3C SPARQL test suites (../shared/suites/w3c-rdf-tests/sparql/), read
 * from their manifests: the positive syntax tests and the evaluation tests (queries that must be
 * accepted), and the negative syntax tests (queries that must be refused). Update tests are left
 * out. Each suite folder has a `manifest.ttl`; every one under the suite is read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import N3 from 'n3';
import { ROOT } from './project.js';

export const W3C_SPARQL = join(ROOT, '..', 'shared', 'suites', 'w3c-rdf-tests', 'sparql');

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';

const POSITIVE = new Set([`${MF}PositiveSyntaxTest`, `${MF}PositiveSyntaxTest11`, `${MF}QueryEvaluationTest`]);
const NEGATIVE = new Set([`${MF}NegativeSyntaxTest`, `${MF}NegativeSyntaxTest11`]);

export interface W3cQuery {
  /** The test's IRI (its manifest's IRI and the test's name). */
  readonly test: string;
  /** The query file, relative to W3C_SPARQL, e.g. `sparql11/bind/bind01.rq`. */
  readonly file: string;
  readonly text: string;
}

function manifests(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...manifests(path));
    else if (name === 'manifest.ttl') found.push(path);
  }
  return found;
}

/** The query tests of one suite (`sparql10`, `sparql11`, `sparql12`), positive or negative. */
export function w3cQueries(suite: string, kind: 'positive' | 'negative'): W3cQuery[] {
  const types = kind === 'positive' ? POSITIVE : NEGATIVE;
  const queries: W3cQuery[] = [];
  for (const manifest of manifests(join(W3C_SPARQL, suite))) {
    const store = new N3.Store(new N3.Parser({ baseIRI: pathToFileURL(manifest).href }).parse(readFileSync(manifest, 'utf8')));
    for (const quad of store.getQuads(null, N3.DataFactory.namedNode(RDF_TYPE), null, null)) {
      if (!types.has(quad.object.value)) continue;
      const action = store.getObjects(quad.subject, N3.DataFactory.namedNode(`${MF}action`), null)[0];
      if (!action) continue;
      // A syntax test's action is the query file; an evaluation test's is a node with qt:query.
      const query = action.termType === 'NamedNode' ? action : store.getObjects(action, N3.DataFactory.namedNode(`${QT}query`), null)[0];
      if (query?.termType !== 'NamedNode' || !query.value.startsWith('file:')) continue;
      const path = fileURLToPath(query.value);
      queries.push({ test: quad.subject.value, file: path.slice(W3C_SPARQL.length + 1), text: readFileSync(path, 'utf8') });
    }
  }
  return queries;
}
