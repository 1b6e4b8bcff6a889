/**
 * A municipality's page shows its degree of urbanisation (DEGURBA) and LAU code, and where the
 * class comes from (the reified statement of data/reference/degurba.trig: year, Eurostat table,
 * the copy it was read in); its RDF document carries that statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

const get = async (path: string, accept: string) => (await fetch(`${server.url}${path.replace(/^\//, '')}`, { headers: { accept } })).text();

describe('a municipality\'s page', () => {
  it('shows its degree of urbanisation and LAU code among its facts, and where the class comes from', async () => {
    const body = await get('/doc/place/eberbach', 'text/html');
    expect(body).toMatch(/<th scope="row">degree of urbanisation<\/th><td><div><a href="\/doc\/degree-of-urbanisation\/towns-and-suburbs">towns and suburbs<\/a>/);
    expect(body).toMatch(/<th scope="row">LAU code<\/th><td><div><span>08226013<\/span>/);
    const origin = body.slice(body.indexOf('<h2>Where these facts come from</h2>'), body.indexOf('<h2>Linked from</h2>'));
    expect(origin).toContain('<h3>degree of urbanisation: <a href="/doc/degree-of-urbanisation/towns-and-suburbs">towns and suburbs</a></h3>');
    expect(origin).toMatch(/as of<\/th><td><div><span>2019<\/span>/);
    expect(origin).toContain('href="https://ec.europa.eu/eurostat/documents/345175/501971/EU-28-LAU-2019-NUTS-2016.xlsx"');
    expect(origin).toContain('https://github.com/rOpenGov/regions/blob/');
    expect(origin).not.toContain('rdf:subject'); // the statement's own triple is its heading, not rows
  });

  it('has none of that for a municipality without a class (Oliveira de Azeméis: Portugal\'s LAUs are parishes)', async () => {
    const body = await get('/doc/place/oliveira-de-azemeis', 'text/html');
    expect(body).toContain('<h1>');
    expect(body).not.toContain('degree of urbanisation');
    expect(body).not.toContain('Where these facts come from');
  });

  it('carries the reifying statement in its RDF document', async () => {
    const turtle = await get('/doc/place/eberbach', 'text/turtle');
    expect(turtle).toMatch(/<https:\/\/w3id\.org\/segraph\/id\/place\/eberbach#degurba>/);
    expect(turtle).toContain('EU-28-LAU-2019-NUTS-2016.xlsx');
  });
});
