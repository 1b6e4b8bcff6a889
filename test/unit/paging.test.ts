/**
 * Unit: paging parameters and Link headers (src/http/api-request.ts), over stand-in requests.
 */
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { MAX_OFFSET } from '../../src/api/bind.js';
import { pageLinks, pageOf, samePageUrl } from '../../src/http/api-request.js';

/** Only what these functions read of a request. */
const request = (query: Record<string, string | string[]>, path = '/practices') =>
  ({ query, baseUrl: '/api/queries', path } as unknown as Request);
const url = (offset: number) => `/q?offset=${offset}`;
/** rel → offset, from a Link header. */
const rels = (link: string) => Object.fromEntries([...link.matchAll(/<\/q\?offset=(\d+)>; rel="(\w+)"/g)].map((m) => [m[2]!, Number(m[1])]));

describe('pageLinks', () => {
  it('first page of several: first, next, last', () => {
    expect(rels(pageLinks(url, { limit: 10, offset: 0 }, 25))).toEqual({ first: 0, next: 10, last: 20 });
  });

  it('a middle page: first, prev, next, last', () => {
    expect(rels(pageLinks(url, { limit: 10, offset: 10 }, 25))).toEqual({ first: 0, prev: 0, next: 20, last: 20 });
  });

  it('the last page, exactly full: no next', () => {
    expect(rels(pageLinks(url, { limit: 10, offset: 10 }, 20))).toEqual({ first: 0, prev: 0, last: 10 });
  });

  it('an offset not on a page boundary goes back one limit, and not below 0', () => {
    expect(rels(pageLinks(url, { limit: 10, offset: 15 }, 100))).toMatchObject({ prev: 5, next: 25, last: 90 });
    expect(rels(pageLinks(url, { limit: 10, offset: 3 }, 100))).toMatchObject({ prev: 0 });
  });

  it('past the end: prev is the last page; an empty result has first and last 0', () => {
    expect(rels(pageLinks(url, { limit: 10, offset: 500 }, 25))).toEqual({ first: 0, prev: 20, last: 20 });
    expect(rels(pageLinks(url, { limit: 10, offset: 0 }, 0))).toEqual({ first: 0, last: 0 });
  });

  it('lists the relations in the order first, prev, next, last', () => {
    expect([...pageLinks(url, { limit: 1, offset: 1 }, 3).matchAll(/rel="(\w+)"/g)].map((m) => m[1])).toEqual(['first', 'prev', 'next', 'last']);
  });
});

describe('pageOf', () => {
  it('defaults: limit min(100, max), offset 0', () => {
    expect(pageOf(request({}), 1000)).toEqual({ limit: 100, offset: 0 });
    expect(pageOf(request({}), 50)).toEqual({ limit: 50, offset: 0 });
    expect(pageOf(request({}), 1000, 20)).toEqual({ limit: 20, offset: 0 });
  });

  it('takes limit 1…max and offset 0…MAX_OFFSET', () => {
    expect(pageOf(request({ limit: '1', offset: String(MAX_OFFSET) }), 10)).toEqual({ limit: 1, offset: MAX_OFFSET });
    expect(pageOf(request({ limit: '10' }), 10)).toEqual({ limit: 10, offset: 0 });
  });

  it('refuses anything else as a bad parameter (a 400) naming the parameter and its range', () => {
    for (const limit of ['0', '11', '-1', '1.5', 'ten', '']) {
      expect(() => pageOf(request({ limit }), 10)).toThrow(expect.objectContaining({
        code: 'invalid_parameter', parameter: 'limit', details: expect.objectContaining({ minimum: 1, maximum: 10 }),
      }));
    }
    for (const offset of ['-1', String(MAX_OFFSET + 1), '1e3']) {
      expect(() => pageOf(request({ offset }), 10)).toThrow(expect.objectContaining({ code: 'invalid_parameter', parameter: 'offset' }));
    }
    expect(() => pageOf(request({ limit: ['1', '2'] }), 10)).toThrow(expect.objectContaining({ code: 'invalid_parameter', parameter: 'limit' }));
  });
});

describe('samePageUrl', () => {
  it('keeps every other parameter (repeated ones too) and sets limit and offset', () => {
    const at = samePageUrl(request({ country: ['be', 'pl'], lang: 'en', offset: '40', limit: '20' }), 20, '/');
    const next = new URL(at(60), 'http://x');
    expect(next.pathname).toBe('/api/queries/practices');
    expect(next.searchParams.getAll('country')).toEqual(['be', 'pl']);
    expect(next.searchParams.get('lang')).toBe('en');
    expect(next.searchParams.getAll('offset')).toEqual(['60']);
    expect(next.searchParams.getAll('limit')).toEqual(['20']);
  });

  it('puts the path under the public URL\'s path, as a proxy at a sub-path passes it on without', () => {
    const at = samePageUrl(request({ offset: '0' }), 10, '/segraph/');
    expect(at(10)).toBe('/segraph/api/queries/practices?limit=10&offset=10');
  });
});
