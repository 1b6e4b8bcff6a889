/** The one configuration object: its defaults, the cache budget's shares, and how serve reads --cache-size. */
import { describe, expect, it } from 'vitest';
import { cacheBudget, DEFAULT_CACHE_BYTES, DEFAULT_LIMITS, describeCache, serverConfig } from '../../src/http/config.js';
import { serveOptions } from '../../src/cli/serve-command.js';
import { ConfigError } from '../../src/cli/serve.js';

const MIB = 1024 * 1024;
const site = { base: 'https://w3id.org/segraph/', publicUrl: 'http://127.0.0.1:3000/' };
const options = (values: Record<string, string> = {}) => serveOptions({ root: '.', buildDir: 'build', values });

describe('cacheBudget', () => {
  it('shares the default 128 MiB as 64 for results, 48 for compressed answers, 16 for JSON-LD documents', () => {
    expect(cacheBudget(DEFAULT_CACHE_BYTES)).toEqual({ totalBytes: 128 * MIB, resultBytes: 64 * MIB, compressedBytes: 48 * MIB, framedBytes: 16 * MIB });
  });

  it.each([0, 1, 7, 1000, 12_345_679, 3 * 1024 ** 3])('never gives out more than %i bytes, nor less', (total) => {
    const b = cacheBudget(total);
    expect(b.resultBytes + b.compressedBytes + b.framedBytes).toBe(total);
    expect(Math.min(b.resultBytes, b.compressedBytes, b.framedBytes)).toBeGreaterThanOrEqual(0);
  });

  it('is described in the start banner', () => {
    expect(describeCache(cacheBudget(128 * MIB))).toBe('caches 128 MiB (results 64, compressed answers 48, JSON-LD documents 16)');
    expect(describeCache(cacheBudget(0))).toBe('caches off');
  });
});

describe('serverConfig', () => {
  it('gives the documented defaults for what it is not told', () => {
    const config = serverConfig(site);
    expect(config).toEqual({ site, limits: DEFAULT_LIMITS, cache: cacheBudget(DEFAULT_CACHE_BYTES), trustProxy: false, corsOrigin: '*' });
    expect(serverConfig(site, { limits: { maxRows: 5 } }).limits).toEqual({ ...DEFAULT_LIMITS, maxRows: 5 });
  });
});

describe('segraph serve --cache-size', () => {
  it('reads sizes as --max-body does, gb too, and 0', () => {
    expect(options().cacheBytes).toBe(DEFAULT_CACHE_BYTES);
    expect(options({ 'cache-size': '1gb' }).cacheBytes).toBe(1024 ** 3);
    expect(options({ 'cache-size': '512kb' }).cacheBytes).toBe(512 * 1024);
    expect(options({ 'cache-size': '0' }).cacheBytes).toBe(0);
  });

  it('refuses what is not a size, naming the flag', () => {
    expect(() => options({ 'cache-size': 'lots' })).toThrow(ConfigError);
    expect(() => options({ 'cache-size': '-1mb' })).toThrow(/--cache-size: '-1mb' is not a size/);
  });

  it('takes SEGRAPH_CACHE_SIZE when the flag is absent', () => {
    process.env['SEGRAPH_CACHE_SIZE'] = '2mb';
    try {
      expect(options().cacheBytes).toBe(2 * MIB);
      expect(options({ 'cache-size': '3mb' }).cacheBytes).toBe(3 * MIB);
    } finally {
      delete process.env['SEGRAPH_CACHE_SIZE'];
    }
  });
});
