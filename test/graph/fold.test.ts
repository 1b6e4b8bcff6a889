/**
 * fold(): one form for a word whatever its case and diacritics, in the languages of the data.
 */
import { describe, expect, it } from 'vitest';
import { fold, foldedTerms } from '../../src/graph/fold.js';

describe('fold', () => {
  it('lower-cases and removes diacritics that NFD separates', () => {
    expect(fold('Dârjiu')).toBe('darjiu');
    expect(fold('DÂRJIU')).toBe('darjiu');
    expect(fold('Środowiskowych')).toBe('srodowiskowych');
    expect(fold('Székelyderzs Čeština Ķegums Oliveira de Azeméis Fundação')).toBe('szekelyderzs cestina kegums oliveira de azemeis fundacao');
    expect(fold('Ελλάδα')).toBe('ελλαδα');
    // Romanian comma-below letters.
    expect(fold('Harghița Ștefan')).toBe('harghita stefan');
  });

  it('replaces the letters NFD leaves whole', () => {
    expect(fold('Usług')).toBe('uslug');
    expect(fold('ŁÓDŹ')).toBe('lodz');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Ærø')).toBe('aero');
    expect(fold('Œuvre')).toBe('oeuvre');
    expect(fold('Đakovo')).toBe('dakovo');
    expect(fold('Þórður')).toBe('thordur');
    expect(fold('Işık')).toBe('isik');
    expect(fold('Ħamrun')).toBe('hamrun');
  });

  it('leaves plain ASCII as it is, but lower case', () => {
    expect(fold('Social Cooperative 2012')).toBe('social cooperative 2012');
  });

  it('splits on hyphens and punctuation, keeping letters with their marks together', () => {
    expect(foldedTerms('Baden-Württemberg')).toEqual(['baden', 'wurttemberg']);
    expect(foldedTerms('Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin'))
      .toEqual(['joint', 'social', 'cooperative', 'centrum', 'uslug', 'srodowiskowych', 'in', 'drobin']);
    expect(foldedTerms('2007-2013, “Senior+” Day')).toEqual(['2007', '2013', 'senior', 'day']);
    // A combining mark written separately stays in its word and is folded away.
    expect(foldedTerms('Da\u0302rjiu centre')).toEqual(['darjiu', 'centre']);
    expect(foldedTerms(' -- ')).toEqual([]);
  });
});
