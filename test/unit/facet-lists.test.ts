/**
 * How many values a page lists: at a million triples a dimension has thousands of values (the
 * 1 M-triple benchmark graph has about 1,500 NUTS regions), so /practices lists the ones with the
 * most practices and every selected one, and says how many it left out; the map's text
 * alternative does the same.
 */
import { describe, expect, it } from 'vitest';
import { nutsMap, MAP_LIST_MAX } from '../../src/http/nuts-map.js';
import { moreValues, regionFacet, valuesShown } from '../../src/http/practices-map.js';

const values = Array.from({ length: 120 }, (_, i) => ({ value: `V${String(i).padStart(3, '0')}`, id: `x:${i}`, count: 200 - i, selected: false }));

describe('values a page lists', () => {
  it('lists the most counted first, up to the cap, and every selected one past it', () => {
    const withSelected = values.map((v) => (v.value === 'V110' ? { ...v, selected: true } : v));
    const { shown, more } = valuesShown(withSelected, 50);
    expect(shown.map((v) => v.value)).toEqual([...values.slice(0, 50).map((v) => v.value), 'V110']);
    expect(more).toBe(69);
    expect(valuesShown(values.slice(0, 10), 50)).toEqual({ shown: values.slice(0, 10), more: 0 });
    // values without practices are never listed unless selected
    expect(valuesShown([{ count: 0, selected: false }, { count: 0, selected: true }], 50).shown).toEqual([{ count: 0, selected: true }]);
  });

  it('says how many it left out, linking where they all are', () => {
    expect(moreValues(0, '/api/facets')).toBe('');
    const line = (moreValues(69, '/api/facets?fund=esf') as { value: string }).value;
    expect(line).toContain('69 more');
    expect(line).toContain('href="/api/facets?fund=esf"');
  });

  it('caps the region facet at 60 regions, ordered by code', () => {
    const regions = Array.from({ length: 150 }, (_, i) => ({ value: `PL${900 + i}`, id: `r:${i}`, count: 150 - i, selected: false, label: `R${i}` }));
    const out = (regionFacet({ title: 'Region', values: regions }, '/api/facets') as { value: string }).value;
    expect(out.match(/type="checkbox"/g)).toHaveLength(60);
    expect(out).toContain('90 more');
    const codes = [...out.matchAll(/value="(PL\d+)"/g)].map((m) => m[1]!);
    expect(codes).toEqual([...codes].sort());
  });

  it('lists at most MAP_LIST_MAX regions under the map, and says how many more', () => {
    const regions = Array.from({ length: MAP_LIST_MAX + 20 }, (_, i) => ({ code: `ZZ${i}`, name: `Z ${i}`, count: 1000 - i, href: `/r/${i}` }));
    const out = nutsMap(undefined, regions, { labelledBy: 'h', clickDoes: 'x' }).value;
    expect(out.match(/<li>/g)).toHaveLength(MAP_LIST_MAX);
    expect(out).toContain('and 20 more');
  });
});
