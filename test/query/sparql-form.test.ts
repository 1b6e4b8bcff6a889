import { describe, expect, it } from 'vitest';
import { queryForm } from '../../src/query/sparql-form.js';

describe('queryForm', () => {
  it('reads past BASE, PREFIX and comments to the query form, in any case', () => {
    expect(queryForm('select * { ?s ?p ?o }')).toBe('select');
    expect(queryForm('# a comment\nBASE <http://example.org/>\nPREFIX ex: <http://example.org/#>\nPREFIX : <x:y>\n  ASK {}')).toBe('ask');
    expect(queryForm('PREFIX ex:<http://example.org/>CONSTRUCT WHERE { ?s ?p ?o }')).toBe('construct');
    expect(queryForm('DESCRIBE <http://example.org/x>')).toBe('describe');
  });

  it('recognises every SPARQL Update operation, so the endpoint can refuse it clearly', () => {
    for (const update of ['INSERT DATA { <a> <b> <c> }', 'DELETE WHERE { ?s ?p ?o }', 'LOAD <http://x>', 'CLEAR ALL',
      'CREATE GRAPH <g>', 'DROP DEFAULT', 'COPY <a> TO <b>', 'MOVE <a> TO <b>', 'ADD <a> TO <b>',
      'WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }', 'PREFIX ex: <http://e/> insert data { ex:a ex:b ex:c }']) {
      expect(queryForm(update), update).toBe('update');
    }
  });

  it('leaves anything else to the parser (unknown), which reports the position', () => {
    expect(queryForm('')).toBe('unknown');
    expect(queryForm('SELEKT * {}')).toBe('unknown');
    expect(queryForm('PREFIX ex <http://e/> SELECT * {}')).toBe('unknown');
    expect(queryForm('PREFIX ex: http://e/ SELECT * {}')).toBe('unknown');
  });
});
