/**
 * The SPARQL of a facet selection (src/api/facet-query.ts) is built from the patterns of
 * queries/internal/facets.rq: one pattern per selected dimension, its values in VALUES, and it
 * parses. (That it returns exactly the practices of /api/facets: test/http/downloads.test.ts.)
 */
import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { facetQuery } from '../../src/api/facet-query.js';
import { DIMENSIONS } from '../../src/api/facets.js';

const parser = new sparqljs.Parser();

describe('facetQuery', () => {
  it('with no filter, selects every practice with its English name', () => {
    const text = facetQuery(new Map());
    expect(parser.parse(text)).toMatchObject({ queryType: 'SELECT', distinct: true });
    expect(text).toContain('?practice rdf:type sg:Practice');
    expect(text).not.toContain('VALUES');
  });

  it('has a pattern for every dimension the facets have, with the values of its filter', () => {
    const filters = new Map(DIMENSIONS.map((d) => [d.name, [`${d.namespace}a`, `${d.namespace}b`]]));
    const text = facetQuery(filters);
    parser.parse(text);
    for (const d of DIMENSIONS) expect(text, d.name).toMatch(new RegExp(`VALUES \\?${d.name} \\{[^}]*\\}`));
    expect(text).toContain('?practice (sg:theme/(skos:broader*)) ?theme');
    expect(text).toContain('?practice (sg:nutsRegion/sg:urbanRuralType) ?typology');
  });

  it('leaves a search text out, saying so in comments that it cannot end', () => {
    const text = facetQuery(new Map(), { q: 'Dârjiu\n} DROP ALL #', source: '/practices?q=x' });
    const comments = text.split('\n').filter((l) => l.startsWith('#'));
    expect(comments.join(' ')).toContain('The search text "Dârjiu\\n} DROP ALL #" is left out');
    expect(text.split('\n').filter((l) => !l.startsWith('#')).join('\n')).not.toContain('DROP');
    parser.parse(text);
  });
});
