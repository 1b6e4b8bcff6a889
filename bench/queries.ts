/**
 * The questions the benchmark asks: shaped like what a regional policy officer asks of the
 * graph (architecture brief, "Who uses it"). The synthetic graph reuses the seed graph's slugs,
 * so the texts are the same on both; only the subject of the one-subject lookup differs.
 */
import { PREFIXES } from './vocab.js';

export interface BenchQuery {
  /** Short stable name, used as the row label in the report. */
  readonly id: string;
  readonly title: string;
  /** A join query: counts for the Comunica/Oxigraph ratio target (≥ 100×). */
  readonly join: boolean;
  readonly sparql: string;
}

/**
 * The benchmark queries over a graph whose sample practice is `subject`.
 *
 * @example
 *   benchQueries({ subject: IDS.practice('cus-drobin') }).map((q) => q.id); // ['esf-rural', …]
 */
export function benchQueries({ subject }: { subject: string }): BenchQuery[] {
  const query = (id: string, title: string, join: boolean, body: string): BenchQuery => ({
    id, title, join, sparql: PREFIXES + body.trim() + '\n',
  });
  return [
    // No ORDER BY: the first page of answers in the engine's order, so an engine that streams
    // can stop after 100 (every other query below needs all solutions first).
    query('esf-rural', 'Practices funded by the ESF in predominantly rural regions (inferred shortcuts): a first page of 100, unordered', true, `
SELECT DISTINCT ?practice ?name WHERE {
  ?practice a sg:Practice ; sg:fund fund:esf ; sg:nutsRegion ?region ; skos:prefLabel ?name .
  ?region sg:urbanRuralType urt:predominantly-rural .
  FILTER(lang(?name) = "en")
} LIMIT 100`),
    query('esf-rural-chain', 'The same through the asserted chain (funding → programme → partOfProgramme* → fund; place → NUTS → type), first 100 by IRI', true, `
SELECT DISTINCT ?practice WHERE {
  ?practice a sg:Practice ; schema:funding ?funding ; sg:location ?place .
  ?funding sg:programme ?programme .
  ?programme sg:partOfProgramme* ?financed .
  ?financed sg:fund fund:esf .
  ?place sg:nutsRegion/sg:urbanRuralType urt:predominantly-rural .
} ORDER BY ?practice LIMIT 100`),
    query('esf-rural-count', 'COUNT of ESF practices in predominantly rural regions', true, `
SELECT (COUNT(DISTINCT ?practice) AS ?practices) WHERE {
  ?practice a sg:Practice ; sg:fund fund:esf ; sg:nutsRegion ?region .
  ?region sg:urbanRuralType urt:predominantly-rural .
}`),
    query('per-sdg', 'Practices per SDG (GROUP BY, with the goal’s label)', true, `
SELECT ?sdg ?label (COUNT(DISTINCT ?practice) AS ?practices) WHERE {
  ?practice a sg:Practice ; sg:sdg ?sdg .
  ?sdg skos:prefLabel ?label .
  FILTER(lang(?label) = "en")
} GROUP BY ?sdg ?label ORDER BY DESC(?practices) ?sdg`),
    query('group-country', 'Practices per target group and country (GROUP BY two keys)', true, `
SELECT ?group ?country (COUNT(DISTINCT ?practice) AS ?practices) WHERE {
  ?practice a sg:Practice ; sg:targetGroup ?group ; sg:country ?country .
} GROUP BY ?group ?country ORDER BY ?group ?country`),
    query('organisation-kinds', 'Implementing and partner organisations by kind: practices and organisations per kind', true, `
SELECT ?kind (COUNT(DISTINCT ?practice) AS ?practices) (COUNT(DISTINCT ?organisation) AS ?organisations) WHERE {
  ?practice a sg:Practice ; sg:implementedBy|sg:partner ?organisation .
  ?organisation org:classification ?kind .
} GROUP BY ?kind ORDER BY DESC(?practices) ?kind`),
    query('esf-euros-country', 'ESF money per country in euros (SUM over fundings and amounts)', true, `
SELECT ?country (SUM(?euros) AS ?total) (COUNT(DISTINCT ?practice) AS ?practices) WHERE {
  ?practice a sg:Practice ; sg:country ?country ; schema:funding ?funding .
  ?funding sg:fund fund:esf ; schema:amount ?amount .
  ?amount schema:value ?value ; schema:currency ?currency .
  OPTIONAL { ?amount sg:valueInEUR ?converted }
  BIND(COALESCE(?converted, IF(?currency = "EUR", ?value, 0)) AS ?euros)
} GROUP BY ?country ORDER BY DESC(?total)`),
    query('one-subject', 'All triples of one practice', false, `
SELECT ?p ?o WHERE { <${subject}> ?p ?o }`),
  ];
}
