/**
 * One facet index per graph version for the whole app: /api/facets, /practices, the downloads and
 * the practice pages' related practices answer from the same one, so the facet table (one query
 * per dimension, about a second each at a million triples) is read once, not once per surface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/api/facets.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const branchReads: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
  const execute = server.engine.execute.bind(server.engine);
  server.engine.execute = (request) => {
    if (/SELECT DISTINCT \?practice \?dimension \?value/.test(request.query)) branchReads.push(request.query);
    return execute(request);
  };
}, 120_000);
afterAll(async () => server?.close());

describe('the facet index', () => {
  it('is read once per graph version for every surface that uses it', async () => {
    const html = { accept: 'text/html' };
    for (const path of ['api/facets', 'practices', 'practices.csv?country=POL', 'practices.jsonld?country=POL', 'doc/practice/cus-drobin', 'api/facets?fund=esf', 'practices?fund=esf']) {
      const res = await fetch(`${server.url}${path}`, { headers: path.startsWith('api') || path.includes('.') ? {} : html });
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
    expect(branchReads).toHaveLength(DIMENSIONS.length);
  });
});
