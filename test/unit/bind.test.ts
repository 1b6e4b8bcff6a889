/**
 * Unit: a named query's parameter value made an RDF term (src/api/bind.ts `toTerm`), no server.
 */
import { describe, expect, it } from 'vitest';
import { ParameterError, toTerm, type AllowedValues } from '../../src/api/bind.js';
import type { ParameterSpec } from '../../src/api/named-query.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const FUND = 'https://w3id.org/segraph/id/fund/';
const spec = (type: ParameterSpec['type'], more: Partial<ParameterSpec> = {}): ParameterSpec =>
  ({ name: 'p', type, description: '', required: false, multiple: false, ...more });
const literal = (value: string, datatype: string) => ({ termType: 'Literal', value, datatype: { value: datatype } });
/** The ParameterError `toTerm` throws for this value (fails the test if it returns). */
function refusal(s: ParameterSpec, raw: string, allowed?: AllowedValues): ParameterError {
  try {
    toTerm(s, raw, allowed);
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return error as ParameterError;
  }
  throw new Error(`toTerm accepted '${raw}'`);
}

describe('toTerm: iri', () => {
  it('takes a full IRI, a local name in the namespace (with a fragment), or a CURIE of the header prefixes', () => {
    const fund = spec('iri', { namespace: FUND });
    expect(toTerm(fund, 'https://example.org/x')).toMatchObject({ termType: 'NamedNode', value: 'https://example.org/x' });
    expect(toTerm(fund, ' esf ').value).toBe(`${FUND}esf`);
    expect(toTerm(fund, 'eser#social-economy-missions').value).toBe(`${FUND}eser#social-economy-missions`);
    expect(toTerm(spec('iri'), 'skos:Concept').value).toBe('http://www.w3.org/2004/02/skos/core#Concept');
  });

  it('refuses what is not an http(s) IRI, and characters an IRI cannot hold', () => {
    for (const raw of ['not an iri', 'ftp://example.org/', 'https://example.org/a b', 'https://example.org/<x>', '']) {
      expect(refusal(spec('iri'), raw).parameter).toBe('p');
    }
  });

  it('refuses an IRI outside the allowed values, listing them by short name', () => {
    const allowed: AllowedValues = new Map([[`${FUND}esf`, 'ESF'], [`${FUND}erdf`, 'ERDF']]);
    const s = spec('iri', { namespace: FUND, class: 'https://w3id.org/segraph/ontology#Fund' });
    expect(toTerm(s, 'erdf', allowed).value).toBe(`${FUND}erdf`);
    const error = refusal(s, 'cohesion', allowed);
    expect(error.allowed).toEqual(['esf', 'erdf']);
    expect(error.message).toContain(`<${FUND}cohesion>`);
  });
});

describe('toTerm: literals', () => {
  it('string: trimmed; empty refused; only listed values when the spec lists them', () => {
    expect(toTerm(spec('string'), '  co-operative ')).toMatchObject({ termType: 'Literal', value: 'co-operative' });
    refusal(spec('string'), '   ');
    const listed = spec('string', { values: ['a', 'b'] });
    expect(toTerm(listed, 'b').value).toBe('b');
    expect(refusal(listed, 'c').allowed).toEqual(['a', 'b']);
  });

  it('date: a real calendar day as xsd:date', () => {
    expect(toTerm(spec('date'), '2024-02-29')).toMatchObject(literal('2024-02-29', `${XSD}date`));
    for (const raw of ['2023-02-29', '2024-13-01', '2024-1-1', '24-01-01', '2024-01-01T00:00:00Z']) refusal(spec('date'), raw);
  });

  it('integer: canonical xsd:integer, exact past 2^53, within the bounds', () => {
    expect(toTerm(spec('integer'), '+007')).toMatchObject(literal('7', `${XSD}integer`));
    expect(toTerm(spec('integer'), '123456789012345678901234567890').value).toBe('123456789012345678901234567890');
    for (const raw of ['1.5', '1e3', 'seven', '']) refusal(spec('integer'), raw);
    const bounded = spec('integer', { minimum: 1, maximum: 10 });
    expect(toTerm(bounded, '10').value).toBe('10');
    refusal(bounded, '0');
    refusal(bounded, '11');
  });

  it('decimal: as written, as xsd:decimal, within the bounds', () => {
    expect(toTerm(spec('decimal'), '-.5')).toMatchObject(literal('-.5', `${XSD}decimal`));
    expect(toTerm(spec('decimal'), '3.')).toMatchObject(literal('3.', `${XSD}decimal`));
    for (const raw of ['1e3', 'NaN', '.', '1,5']) refusal(spec('decimal'), raw);
    refusal(spec('decimal', { maximum: 1 }), '1.01');
  });

  it('boolean: true or false only', () => {
    expect(toTerm(spec('boolean'), 'false')).toMatchObject(literal('false', `${XSD}boolean`));
    for (const raw of ['TRUE', '1', 'yes']) refusal(spec('boolean'), raw);
  });
});
