/**
 * The difference between two graphs by resource (src/graph/release-notes.ts), on small synthetic
 * graphs: resources added, removed and changed; hash IRIs and blank nodes under their document;
 * inferred quads counted, not listed; the same notes read back from added.nq and removed.nq.
 */
import { describe, expect, it } from 'vitest';
import { diffGraphs, notesFromFiles, notesMarkdown } from '../../src/graph/release-notes.js';
import type { ReleaseRecord } from '../../src/graph/release-record.js';

const ID = 'https://w3id.org/segraph/id/';
const G = 'https://w3id.org/segraph/graph/';
const q = (s: string, p: string, o: string, g = 'secon-report') => `${s} <${p}> ${o} <${G}${g}> .`;
const iri = (local: string) => `<${ID}${local}>`;
const LABEL = 'http://www.w3.org/2004/02/skos/core#prefLabel';
const FUNDING = 'http://schema.org/funding';
const AMOUNT = 'http://schema.org/amount';
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const before = [
  q(iri('practice/a'), LABEL, '"A"@en'),
  q(iri('practice/a'), FUNDING, iri('practice/a#funding-1')),
  q(iri('practice/a#funding-1'), AMOUNT, '"10"'),
  q(iri('practice/gone'), LABEL, '"Gone"@en'),
  q(iri('practice/gone'), TYPE, '<https://w3id.org/segraph/ontology#Practice>', 'inferred'),
  q(iri('practice/same'), LABEL, '"Same"@en'),
].sort();
const now = [
  q(iri('practice/a'), LABEL, '"A"@en'),
  q(iri('practice/a'), FUNDING, iri('practice/a#funding-1')),
  q(iri('practice/a#funding-1'), AMOUNT, '"12"'),
  q(iri('practice/new'), LABEL, '"New <1> & \\"2\\""@en'),
  q(iri('practice/new'), 'http://schema.org/location', '_:place'),
  q('_:place', LABEL, '"Somewhere"@en'),
  q(iri('practice/new'), TYPE, '<https://w3id.org/segraph/ontology#Practice>', 'inferred'),
  q(iri('practice/same'), LABEL, '"Same"@en'),
  q(iri('practice/same'), TYPE, '<https://w3id.org/segraph/ontology#Practice>', 'inferred'),
].sort();

describe('diffGraphs', () => {
  const diff = diffGraphs(before, now);

  it('classifies resources by document, counting inferred quads apart', () => {
    expect(diff.resources).toEqual({ added: [`${ID}practice/new`], removed: [`${ID}practice/gone`], changed: [`${ID}practice/a`] });
    expect(diff.changes).toEqual({
      resourcesAdded: 1, resourcesRemoved: 1, resourcesChanged: 1, triplesAdded: 4, triplesRemoved: 2, inferredAdded: 2, inferredRemoved: 1,
    });
    expect(diff.added).toHaveLength(6);
    expect(diff.removed).toHaveLength(3);
  });

  it('lists the triples of each resource: its hash-IRI nodes and blank nodes under it; only inferences changed is not listed', () => {
    const a = diff.notes.find((r) => r.resource === `${ID}practice/a`)!;
    expect(a.lines.map((l) => `${l.sign} ${l.text}`)).toEqual([
      '- sgid:practice/a#funding-1 schema:amount "10" .',
      '+ sgid:practice/a#funding-1 schema:amount "12" .',
    ]);
    const added = diff.notes.find((r) => r.resource === `${ID}practice/new`)!;
    expect(added.lines.map((l) => l.text)).toContain('_:place skos:prefLabel "Somewhere"@en .');
    expect(added.inferredAdded).toBe(1);
    expect(diff.notes.map((r) => r.resource)).not.toContain(`${ID}practice/same`);
  });

  it('NOTES.md and the notes read back from added.nq and removed.nq agree', () => {
    const record: ReleaseRecord = {
      version: '2.0.0', date: '2026-12-06', previous: '1.0.0', graph: { version: 'x', sha256: 'x', quads: now.length, graphs: {}, classes: {} },
      changes: diff.changes, resources: diff.resources!, files: [],
    };
    const back = notesFromFiles(record, diff.added.join('\n'), diff.removed.join('\n'));
    // Blank nodes are read back under the document that points to them, as long as both lines are at hand.
    expect(back).toEqual(diff.notes);
    const md = notesMarkdown(record, diff);
    expect(md).toContain('## Resources added (1)\n\n### sgid:practice/new\n');
    expect(md).toContain('+ sgid:practice/new skos:prefLabel "New <1> & \\"2\\""@en .');
    expect(md).toContain('## Resources removed (1)\n\n### sgid:practice/gone\n');
    expect(md.indexOf('## Resources added')).toBeLessThan(md.indexOf('## Resources changed'));
    expect(md.indexOf('## Resources changed')).toBeLessThan(md.indexOf('## Resources removed'));
  });
});
