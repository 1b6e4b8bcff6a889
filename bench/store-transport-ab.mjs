/**
 * A one-off A/B of two segraph servers over the same store and the store itself, request by
 * request in turn (the order alternating), each query made unique by a comment so no cache
 * answers: how the remote engine's transport (fetch, then node:http with a keep-alive agent) was
 * compared (docs/benchmarks.md, "Scale tier"). Start a Virtuoso (scripts/virtuoso.mjs), publish the
 * seed, serve the old build on port 3991 and the new on 3992 (`segraph serve --engine sparql
 * --endpoint …`), then: node bench/store-transport-ab.mjs VIRTUOSO_HTTP_PORT
 */
import { request, Agent } from 'node:http';
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const P = process.argv[2];
const Q = [
  'SELECT ?p ?n WHERE { ?p a <https://w3id.org/segraph/ontology#Practice> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?n } LIMIT 20',
  'SELECT ?p ?o WHERE { <https://w3id.org/segraph/id/practice/cus-drobin> ?p ?o }',
  'SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c',
];
function post(url, body, headers) {
  return new Promise((ok, fail) => {
    const t = performance.now();
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json', ...headers } }, (res) => {
      res.resume(); res.on('end', () => res.statusCode === 200 ? ok(performance.now() - t) : fail(new Error(`${url} ${res.statusCode}`)));
    });
    req.on('error', fail); req.end(body);
  });
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return ((s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2).toFixed(2); };
for (let qi = 0; qi < Q.length; qi++) {
  const t = { old: [], new: [], direct: [] };
  for (let i = 0; i < 120; i++) {
    const q = `# ${qi}-${i}-${Math.random()}\n${Q[qi]}`;
    const b = new URLSearchParams({ query: q }).toString();
    const d = new URLSearchParams({ query: q, 'default-graph-uri': 'urn:segraph:77d24a70c70a1a16:union' }).toString();
    const order = i % 2 ? ['old', 'new', 'direct'] : ['new', 'old', 'direct'];
    for (const k of order) {
      const ms = await post(k === 'old' ? 'http://127.0.0.1:3991/sparql' : k === 'new' ? 'http://127.0.0.1:3992/sparql' : `http://127.0.0.1:${P}/sparql`, k === 'direct' ? d : b);
      if (i >= 20) t[k].push(ms);
    }
  }
  console.log(`query ${qi}: direct ${med(t.direct)} ms · segraph (fetch) ${med(t.old)} ms (+${(med(t.old) - med(t.direct)).toFixed(2)}) · segraph (node:http agent) ${med(t.new)} ms (+${(med(t.new) - med(t.direct)).toFixed(2)})`);
}
