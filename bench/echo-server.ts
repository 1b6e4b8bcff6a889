/**
 * The transport floor: a bare `node:http` server that answers every request with the same
 * small SPARQL JSON body. Timing it with the same client as the segraph server tells how much
 * of the HTTP figures is the client, loopback TCP and Node's HTTP parser rather than segraph.
 * Prints the same ready line as `segraph serve`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = JSON.stringify({ head: { vars: ['practice'] }, results: { bindings: [] } });

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/sparql-results+json', 'content-length': Buffer.byteLength(BODY) });
    response.end(BODY);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`SPARQL endpoint  http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
