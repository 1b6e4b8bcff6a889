/**
 * Loads the real seed graph (built once per run, test/helpers/seed-snapshot.ts) and
 * answers SPARQL over the snapshot with Oxigraph, the engine the server uses.
 */
import { readFile } from 'node:fs/promises';
import * as oxigraph from 'oxigraph';
import { mergeDefaultGraph } from '../../src/query/load-store.js';
import { seedSnapshot } from './seed-snapshot.js';

export const ID = 'https://w3id.org/segraph/id/';
export const PREFIXES = `PREFIX sg: <https://w3id.org/segraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <${ID}>
PREFIX practice: <${ID}practice/>
PREFIX source: <${ID}source/>
PREFIX initiative: <${ID}initiative/>
PREFIX orgn: <${ID}organisation/>
PREFIX urt: <${ID}urban-rural-type/>
PREFIX fund: <${ID}fund/>
PREFIX programme: <${ID}programme/>
PREFIX unit: <${ID}unit/>
PREFIX nuts: <http://data.europa.eu/nuts/code/>
PREFIX country: <http://publications.europa.eu/resource/authority/country/>
PREFIX graph: <https://w3id.org/segraph/graph/>
`;

export interface SeedGraph {
  /** Rows of a SELECT over the union of all graphs (each triple once), as plain strings (IRIs shortened to after `id/`). */
  select(query: string): Array<Record<string, string>>;
  ask(query: string): boolean;
  close(): Promise<void>;
}

const short = (term: oxigraph.Term) => (term.termType === 'NamedNode' ? term.value.replace(ID, '') : term.value);

export async function buildSeedGraph(): Promise<SeedGraph> {
  const { paths } = await seedSnapshot();
  const store = new oxigraph.Store();
  store.load(await readFile(paths.nquads, 'utf8'), { format: 'application/n-quads' });
  mergeDefaultGraph(store); // the default graph the server's queries see: every triple of every graph, once
  const run = (query: string) => store.query(PREFIXES + query);
  return {
    select(query) {
      const rows = run(query) as Map<string, oxigraph.Term>[];
      return rows.map((row) => Object.fromEntries([...row].map(([name, term]) => [name, short(term)])));
    },
    ask: (query) => run(query) as boolean,
    close: () => Promise.resolve(),
  };
}
