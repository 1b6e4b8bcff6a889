/**
 * HTTP Digest access authentication (RFC 7616, MD5, qop=auth): what Virtuoso's authenticated
 * endpoints (`/sparql-auth`, `/sparql-graph-crud-auth`) ask for. Written here rather than taken
 * from npm: `digest-fetch` (3.1.1) brings four hashing packages for what `node:crypto` does, and
 * we need one detail it does not give: reusing the server's nonce (with a growing nonce count) so
 * that a large body is sent once, not once to be refused and again with credentials.
 *
 * @example
 *   const client = new DigestClient({ user: 'dba', password: 'dba' });
 *   const res = await client.fetch('http://127.0.0.1:8890/sparql-auth', { method: 'POST', body });
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

interface Challenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly qop?: string;
  readonly algorithm: string;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The parameters of a `WWW-Authenticate: Digest …` header, or undefined for another scheme. */
export function parseChallenge(header: string | null): (Challenge & { stale: boolean }) | undefined {
  if (!header || !/^\s*Digest\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.replace(/^\s*Digest\s+/i, '').matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  if (params.realm === undefined || params.nonce === undefined) return undefined;
  return {
    realm: params.realm,
    nonce: params.nonce,
    ...(params.opaque !== undefined ? { opaque: params.opaque } : {}),
    ...(params.qop !== undefined ? { qop: params.qop } : {}),
    algorithm: params.algorithm ?? 'MD5',
    stale: params.stale?.toLowerCase() === 'true',
  };
}

/** The `Authorization` header answering `challenge` for one request (RFC 7616 §3.4). */
export function digestAuthorization(challenge: Challenge, credentials: Credentials, method: string, uri: string, nc: number, cnonce: string): string {
  if (!/^MD5$/i.test(challenge.algorithm)) throw new Error(`unsupported Digest algorithm ${challenge.algorithm} (MD5 only)`);
  const ha1 = md5(`${credentials.user}:${challenge.realm}:${credentials.password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qops = (challenge.qop ?? '').split(',').map((q) => q.trim());
  const count = nc.toString(16).padStart(8, '0');
  const q = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;
  const parts = [`username=${q(credentials.user)}`, `realm=${q(challenge.realm)}`, `nonce=${q(challenge.nonce)}`, `uri=${q(uri)}`, 'algorithm=MD5'];
  if (qops.includes('auth')) {
    parts.push(`response=${q(md5(`${ha1}:${challenge.nonce}:${count}:${cnonce}:auth:${ha2}`))}`, 'qop=auth', `nc=${count}`, `cnonce=${q(cnonce)}`);
  } else {
    parts.push(`response=${q(md5(`${ha1}:${challenge.nonce}:${ha2}`))}`); // RFC 2069, no qop
  }
  if (challenge.opaque !== undefined) parts.push(`opaque=${q(challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

/** Thrown when the server refuses the credentials (a 401 answered with them). */
export class DigestRefusedError extends Error {}

/**
 * fetch with Digest authentication. The body must be re-sendable (a string or bytes): a request is
 * sent again once when the server's nonce went stale or no challenge is known yet.
 */
export class DigestClient {
  private challenge: Challenge | undefined;
  private nc = 0;

  constructor(private readonly credentials: Credentials) {}

  async fetch(url: string, init: RequestInit & { body?: string | Uint8Array } = {}): Promise<Response> {
    const method = (init.method ?? 'GET').toUpperCase();
    const target = new URL(url);
    const uri = `${target.pathname}${target.search}`;
    // Once with the challenge we know (if any); once more with a fresh one if that is refused.
    for (let fresh = false; ; fresh = true) {
      const headers = new Headers(init.headers);
      if (this.challenge) headers.set('authorization', digestAuthorization(this.challenge, this.credentials, method, uri, ++this.nc, randomBytes(8).toString('hex')));
      const res = await fetch(url, { ...init, method, headers });
      if (res.status !== 401) return res;
      await res.arrayBuffer().catch(() => undefined);
      const challenge = parseChallenge(res.headers.get('www-authenticate'));
      if (!challenge) throw new DigestRefusedError(`${url}: HTTP 401 without a Digest challenge (WWW-Authenticate: ${res.headers.get('www-authenticate') ?? 'none'})`);
      if (fresh) throw new DigestRefusedError(`${url}: authentication refused (HTTP 401) for user '${this.credentials.user}': check SEGRAPH_STORE_USER and SEGRAPH_STORE_PASSWORD`);
      this.challenge = challenge;
      this.nc = 0;
    }
  }
}
