/**
 * Unit: choosing a result format from `format=` or Accept (src/http/negotiate.ts `chooseFormat`).
 */
import { describe, expect, it } from 'vitest';
import { chooseFormat } from '../../src/http/negotiate.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS } from '../../src/query/formats.js';

const ALL = [...SOLUTION_FORMATS, ...GRAPH_FORMATS];
const solutions = (accept: string | undefined, format?: string) => chooseFormat(SOLUTION_FORMATS, accept, format, ALL);
const graphs = (accept: string | undefined, format?: string) => chooseFormat(GRAPH_FORMATS, accept, format, ALL);

describe('chooseFormat', () => {
  it('gives the first format for no Accept, an empty one, or */*', () => {
    for (const accept of [undefined, '', '*/*']) {
      expect(solutions(accept)).toMatchObject({ mediaType: 'application/sparql-results+json', contentType: 'application/sparql-results+json' });
      expect(graphs(accept).format.id).toBe('turtle');
    }
  });

  it('follows q-values, then specificity', () => {
    expect(solutions('application/sparql-results+json;q=0.5, text/csv').format.id).toBe('csv');
    expect(solutions('text/*;q=0.9, text/tab-separated-values').format.id).toBe('tsv');
    expect(graphs('application/n-triples;q=0.2, application/ld+json;q=0.8').format.id).toBe('jsonld');
  });

  it('answers in the alias the client asked for, with a charset where the format has one', () => {
    expect(solutions('application/xml')).toMatchObject({ mediaType: 'application/xml', contentType: 'application/xml' });
    expect(solutions('text/csv')).toMatchObject({ contentType: 'text/csv; charset=utf-8' });
    expect(graphs('text/n3')).toMatchObject({ mediaType: 'text/n3', contentType: 'text/n3; charset=utf-8' });
  });

  it('lets format= win over Accept, by short name or media type, in any case', () => {
    expect(solutions('text/csv', 'XML').format.id).toBe('xml');
    expect(solutions('text/csv', 'application/sparql-results+json').format.id).toBe('json');
    expect(graphs(undefined, 'nq')).toMatchObject({ mediaType: 'application/n-quads' });
  });

  it('refuses an unknown format name as a bad parameter (a 400), listing the names', () => {
    expect(() => solutions(undefined, 'yaml')).toThrow(expect.objectContaining({
      code: 'invalid_parameter', parameter: 'format', details: expect.objectContaining({ allowed: expect.arrayContaining(['json', 'csv']) }),
    }));
  });

  it('refuses a format that exists but not for this result, and an Accept it cannot meet, with 406', () => {
    expect(() => solutions(undefined, 'turtle')).toThrow(expect.objectContaining({ status: 406, code: 'not_acceptable' }));
    expect(() => graphs('text/csv')).toThrow(expect.objectContaining({
      status: 406, code: 'not_acceptable', details: expect.objectContaining({ available: expect.arrayContaining(['text/turtle']) }),
    }));
    expect(() => solutions('text/csv;q=0')).toThrow(expect.objectContaining({ status: 406 }));
  });
});
