/**
 * Compressed answers, kept: a SPARQL answer is compressed once per encoding (on the libuv thread
 * pool, off the main thread) and the compressed bytes are kept beside the result cache, so a
 * repeated query costs neither a query nor a compression. Other responses go through the
 * `compression` middleware.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import { cacheUse, type CacheUse } from '../query/engine.js';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Bodies smaller than this go out as they are (the `compression` middleware's threshold too). */
const THRESHOLD = 1024;

type Encoding = 'br' | 'gzip';

async function compress(encoding: Encoding, body: Buffer): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(body, { level: 6 });
  return brotli(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
}

export class EncodedBodies {
  private readonly cache: LRUCache<string, Buffer> | undefined;

  /** `maxBytes`: the compressed bodies kept, at most (the cache budget's share, config.ts); 0 keeps none. */
  constructor(private readonly maxBytes: number) {
    this.cache = maxBytes > 0
      ? new LRUCache<string, Buffer>({ maxSize: maxBytes, sizeCalculation: (b) => Math.max(1, b.length) })
      : undefined;
  }

  /** How full the cache is (for /healthz). */
  use(): CacheUse {
    return cacheUse(this.cache, this.maxBytes);
  }

  /**
   * Sends `body` compressed as the client prefers (br, then gzip), reusing the compressed bytes
   * kept under `key` (which must identify the body exactly, e.g. its ETag).
   */
  async send(req: Request, res: Response, key: string, body: string): Promise<void> {
    const bytes = Buffer.from(body);
    res.vary('Accept-Encoding');
    const encoding = bytes.length >= THRESHOLD
      ? (new Negotiator(req).encoding(['br', 'gzip', 'identity']) as Encoding | 'identity' | undefined)
      : undefined;
    if (!encoding || encoding === 'identity') {
      res.send(bytes);
      return;
    }
    const cacheKey = `${encoding} ${key}`;
    let encoded = this.cache?.get(cacheKey);
    if (!encoded) {
      encoded = await compress(encoding, bytes);
      this.cache?.set(cacheKey, encoded);
    }
    res.setHeader('Content-Encoding', encoding); // the compression middleware leaves it alone
    res.send(encoded);
  }
}
