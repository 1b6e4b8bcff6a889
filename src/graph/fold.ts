/**
 * Folding text for search: one form for "Usług", "USLUG" and "uslug", so that people find names
 * in the languages of the data without typing their diacritics. Applied to the indexed text and
 * to queries alike (src/graph/search-index.ts, src/search/search.ts).
 */

/**
 * Letters NFD leaves whole (they are letters of their own, not a base letter plus a mark), with
 * the ASCII a reader without the keyboard would type: Polish ł, German ß, Danish and Norwegian
 * æ ø, French œ, Croatian đ, Icelandic ð þ, Maltese ħ, Turkish ı, Dutch ĳ, Catalan ŀ, Greek
 * final sigma.
 */
const LETTERS: Readonly<Record<string, string>> = {
  'ł': 'l', 'ß': 'ss', 'æ': 'ae', 'ø': 'o', 'œ': 'oe', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i',
  'ħ': 'h', 'ĳ': 'ij', 'ŀ': 'l', 'ŧ': 't', 'ŋ': 'n', 'ĸ': 'k', 'ſ': 's', 'ς': 'σ',
};
const SPECIAL = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/**
 * Lower-cased, without diacritics: NFD then the combining marks removed, then the letters NFD
 * does not decompose replaced (LETTERS).
 *
 * @example
 *   fold('Centrum Usług Środowiskowych') // 'centrum uslug srodowiskowych'
 *   fold('Dârjiu')                       // 'darjiu'
 *   fold('Straße')                       // 'strasse'
 */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '').replace(SPECIAL, (c) => LETTERS[c]!);
}

/** Anything that is not a letter, a digit or a combining mark separates words ("Baden-Württemberg", "2007-2013"). */
const SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u;

/** The words of `text`, as written (the index folds them with `fold`). */
export function tokenize(text: string): string[] {
  return text.split(SEPARATOR).filter((word) => word.length > 0);
}

/**
 * The folded words of `text`, as the index holds them.
 *
 * @example
 *   foldedTerms('Baden-Württemberg') // ['baden', 'wurttemberg']
 */
export function foldedTerms(text: string): string[] {
  return tokenize(text).map(fold).filter((term) => term.length > 0);
}
