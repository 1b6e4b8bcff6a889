/**
 * data.europa.eu's Metadata Quality Assessment (MQA) of our dataset, computed from the catalogue
 * the server gives (GET /catalog) with the published weights (test/helpers/mqa.ts cites the
 * methodology): every indicator evaluated on the real graph, the "accessible" ones by a real HEAD
 * request to the live server, distribution indicators in proportion to the distributions meeting
 * them. The catalogue must score 405 of 405.
 *
 * Before dct:accessRights (dataset) and dct:rights (distributions) were added, the same test gave
 * 385/405: reusability 60/75, contextuality 15/20.
 */
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofSeverity, parseTurtle, V3, validate } from '../helpers/dcat-ap.js';
import { describeScore, DIMENSION_MAX, mqaScore, type MqaInput } from '../helpers/mqa.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const SKOS_IN_SCHEME = 'http://www.w3.org/2004/02/skos/core#inScheme';

let server: TestServer;
let catalogue: Quad[];
let input: MqaInput;

const head = async (url: string) => (await fetch(url, { method: 'HEAD', redirect: 'manual' })).status;

beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
  const res = await fetch(`${server.url}catalog`, { headers: { accept: 'text/turtle' } });
  expect(res.status).toBe(200);
  catalogue = new N3.Parser({ format: 'text/turtle', baseIRI: `${server.url}catalog` }).parse(await res.text());
  // Our cited copy of the EU authority-table entries the catalogue uses.
  const entries = await parseTurtle(join(ROOT, 'catalog', 'eu-vocabulary-entries.ttl'));
  const inScheme = new Map(entries.filter((q) => q.predicate.value === SKOS_IN_SCHEME).map((q) => [q.subject.value, q.object.value]));
  // DCAT-AP compliance: the DCAT-AP 3.0.1 shapes the catalogue declares itself to (no violation).
  const findings = await validate([V3('shapes.ttl'), V3('range.ttl')], catalogue);
  const datasets = catalogue.filter((q) => q.predicate.value === `${DCAT}dataset`).map((q) => q.object.value);
  expect(datasets).toHaveLength(1);
  input = { quads: catalogue, dataset: datasets[0]!, inScheme, dcatApCompliant: ofSeverity(findings, 'Violation').length === 0, head };
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('MQA (data.europa.eu metadata quality assessment)', () => {
  it('the weights are the published ones: 100 + 100 + 110 + 75 + 20 = 405', async () => {
    const score = await mqaScore(input);
    for (const [dimension, max] of Object.entries(DIMENSION_MAX)) {
      expect(score.indicators.filter((i) => i.dimension === dimension).reduce((sum, i) => sum + i.weight, 0), dimension).toBe(max);
    }
    expect(score.indicators).toHaveLength(23);
  });

  it('the served catalogue scores 405/405', async () => {
    const score = await mqaScore(input);
    expect(score.total, describeScore(score)).toBe(405);
  });

  it('every access, download and endpoint URL in the catalogue answers HEAD with 200', async () => {
    const urls = [...new Set(catalogue
      .filter((q) => [`${DCAT}accessURL`, `${DCAT}downloadURL`, `${DCAT}endpointURL`].includes(q.predicate.value))
      .map((q) => q.object.value))];
    expect(urls.length).toBeGreaterThan(12);
    const statuses = await Promise.all(urls.map(async (url) => `${url} ${await head(url)}`));
    expect(statuses).toEqual(urls.map((url) => `${url} 200`));
  });

  it('can fail: without access rights and rights statements (the catalogue before them) it is 385', async () => {
    const without = catalogue.filter((q) => ![`${DCT}accessRights`, `${DCT}rights`].includes(q.predicate.value));
    const score = await mqaScore({ ...input, quads: without });
    expect(score.byDimension).toMatchObject({ reusability: 60, contextuality: 15 });
    expect(score.total).toBe(385);
  });

  it('can fail: one download URL that does not answer costs its share of the accessibility points', async () => {
    const distributions = catalogue.filter((q) => q.predicate.value === `${DCAT}distribution`).length;
    const broken = catalogue.find((q) => q.predicate.value === `${DCAT}downloadURL`)!.object.value;
    const score = await mqaScore({ ...input, head: async (url) => (url === broken ? 404 : head(url)) });
    // The broken URL is that distribution's accessURL too: 50 + 30 points, for 1 of n distributions.
    expect(score.byDimension.accessibility).toBeCloseTo(100 - 80 / distributions, 2);
  });
});
