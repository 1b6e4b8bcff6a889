/**
 * The site configuration: the two addresses of a segraph server.
 *
 * - `base`: the IRI the data mints under (`{base}id/{type}/{slug}`, default
 *   `https://w3id.org/segraph/`). Everything we name — the catalogue, the dataset, its
 *   distributions, the data service, the publisher — is named under it, so that what a harvester
 *   identifies a record by never depends on how a client reached us (its Host header, a proxy).
 * - `publicUrl`: where clients reach this server (behind a reverse proxy, the proxy's address).
 *   Used only where a client must fetch something from us: the access and download URLs of the
 *   dumps, the endpoint URL of the SPARQL service, the OpenAPI document's server and the names in
 *   the question API's JSON-LD; and as the base IRI of the queries the server writes itself. The
 *   request's own URL (src/http/api-request.ts, requestUrl) is used only by the SPARQL endpoint,
 *   whose service description names exactly the URL requested.
 *
 * Part of the server's one configuration object, ServerConfig (src/http/config.ts).
 */
export interface SiteConfig {
  /** The base IRI the data mints under, ending in `/`. */
  readonly base: string;
  /** The URL clients reach this server at, ending in `/`. */
  readonly publicUrl: string;
}

/**
 * Why `value` cannot be a base IRI or public URL, or undefined when it can: it must be an absolute
 * http or https IRI without user, query or fragment, ending in `/`, and written in normal form
 * (IRIs are compared as strings, so `HTTPS://Example.org:443/x/` would never match the data).
 *
 * @example
 *   siteIriProblem('https://w3id.org/segraph/') // undefined
 *   siteIriProblem('https://w3id.org/segraph')  // 'does not end in /'
 */
export function siteIriProblem(value: string): string | undefined {
  const url = URL.parse(value);
  if (!url) return 'is not an absolute IRI';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'is not an http or https IRI';
  if (url.username || url.password) return 'has a user name or password';
  if (url.search || url.hash || value.includes('?') || value.includes('#')) return 'has a query or a fragment';
  if (!url.pathname.endsWith('/')) return 'does not end in /';
  if (url.href !== value) return `is not in normal form (write it as ${url.href})`;
  return undefined;
}

const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * The public URL when none is configured, from the address the server listens on:
 * `http://localhost:<port>/` for a wildcard address, else the address itself,
 * `http://<host>:<port>/` — a server on 127.0.0.1 is not reached at `localhost` by a client
 * that resolves that name to ::1 first.
 *
 * @example
 *   defaultPublicUrl('0.0.0.0', 3000)    // 'http://localhost:3000/'
 *   defaultPublicUrl('127.0.0.1', 3000)  // 'http://127.0.0.1:3000/'
 *   defaultPublicUrl('192.0.2.7', 8080)  // 'http://192.0.2.7:8080/'
 */
export function defaultPublicUrl(host: string, port: number): string {
  if (WILDCARD.has(host)) return `http://localhost:${port}/`;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}/`;
}

/**
 * The path every link we give out starts with: the public URL's path — `/`, unless clients reach
 * the server through a reverse proxy at a sub-path (`/segraph/` for
 * `https://data.example.org/segraph/`, the proxy passing `/segraph/x` on as `/x`). Links in pages,
 * JSON bodies, `Location` and `Link` headers are written `${sitePath(site)}sparql`, never
 * `/sparql`, which would leave the proxy's path.
 *
 * @example
 *   sitePath({ base, publicUrl: 'http://127.0.0.1:3000/' })             // '/'
 *   sitePath({ base, publicUrl: 'https://data.example.org/segraph/' })  // '/segraph/'
 */
export function sitePath(site: SiteConfig): string {
  return new URL(site.publicUrl).pathname;
}
