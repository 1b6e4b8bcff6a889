/**
 * Measures the shape of a SPARQL query's text for query-shape.ts, in one linear pass, without
 * parsing it.
 *
 * Three measures, from one pass over the text (iterative, so it survives any input itself):
 *
 * - `depth`: brackets `(` `{` `[` `<<` open at once, at most.
 * - `sequence`: elements in one group, expression, list or path, at most: triple patterns, the
 *   pattern keywords (OPTIONAL, MINUS, BIND, FILTER, UNION, GRAPH, SERVICE, VALUES, LATERAL,
 *   SELECT), operators (`||` `&&` `=` `+` `/` `|` `!` …, path operators included), list
 *   separators (`,` `;` `.`), items of a collection, and bracketed children (`{…} {…}` is a join).
 *   The rows of a VALUES block are not elements: they become a flat table, not a tree.
 * - `evalDepth`: an estimate of the depth of the trees Oxigraph builds, in units of one binary
 *   operator. Each bracket is a frame; its cost is
 *
 *       cost(frame) = OPEN[kind] + Σ weight(element) + max over child frames of cost(child)
 *
 *   i.e. the sum, along the costliest path from the top, of every frame's elements and opening.
 *   Counting all of a frame's elements on the path (and not only those before the child, which
 *   is what the left-deep tree holds) over-estimates, which is the safe side.
 *
 * The weights come from measurements: Oxigraph 0.5.11 in a Node 20 query worker, fresh and
 * warmed up (once V8 has optimised the Wasm code, arithmetic takes more native stack), fails at
 * about 2,280 sequential operators, so an element of a shape that fails at n weighs at
 * least 2,000 / n. The sizes at which each shape failed (the smaller of fresh and warm) are in
 * test/query/query-shape.test.ts: `+ - * /`: 893; `&&`, `||`, FILTERs, `!`: 2,281; UNION
 * branches, triple patterns, path `/`, `{…} {…}`: 2,421; path `|`: 1,562; sequential OPTIONAL,
 * MINUS, BIND, LATERAL, projected or grouped `(expr AS ?v)`, DESCRIBE'd resources: 832; nested
 * `{` (groups, OPTIONAL, sub-SELECT): 695; nested `[`: 725; nested `(` in an expression: 1,593,
 * in a path: 1,343; collection items: 1,218; nested calls `STR(STR(…))`, `IF(…)`, `CONCAT(…)`:
 * 232; nested `EXISTS {`: 196. Every single shape, and every combination tried (n levels of
 * nesting each holding k elements), failed at an estimate of 2,237 or more: the default limit,
 * 1,000, is less than half of that. The default depth, 64, is a third of the shallowest failing
 * nesting, and the default sequence, 400, less than half of the shortest failing sequence (893).
 *
 * The scanner follows Oxigraph's lexer where it matters: strings in all four quote forms with
 * their escapes (a long string that does not close, or holds a bad escape, is read as `""` then
 * a new string, as the parser does), IRIs `<…>`, `#` comments, variables, prefixed names with
 * `\`-escapes, and `<` as the less-than operator after an operand inside an expression (the
 * parser tries the operator first there, so `?x <((((>` nests). It does not parse: where the
 * parser backtracks through readings the scanner does not model (a `<` after an operand outside
 * an expression, or a keyword run into the next word other than FILTER, BIND, SELECT and EXISTS),
 * a query crafted for the difference could get past it; such a query can still fail only the
 * worker it runs in.
 *
 */
import type { QueryShape } from './query-shape.js';

/** What a bracket opens, as far as the parser is concerned. */
const enum Ctx {
  Root, // the top level: prologue, select clause, solution modifiers
  Group, // { … } holding graph patterns (or a CONSTRUCT template)
  Bnode, // [ … ]
  Quoted, // << … >> (SPARQL 1.2 triple terms and reifiers)
  Path, // ( … ) in a triple: a collection or a property-path group
  Expr, // ( … ) of an expression: bracketed, a call's arguments, an IN list
  Data, // the block of a VALUES clause, and its rows
}

/** Group frames: what a `(` means there. */
const enum Mode { Triples, Select, Modifiers }

/** The previous significant token, for telling `<` the operator from `<` an IRI, and calls. */
const enum Tok { None, Operand, Word, Iri, Op, Keyword }

/** Cost of opening a frame (see the module comment for where the numbers come from). */
const OPEN_GROUP = 3.5;
const OPEN_EXISTS = 12; // EXISTS { … }: `FILTER NOT EXISTS {` nested fails at 192
const OPEN_BNODE = 3.5;
const OPEN_QUOTED = 3.5;
const OPEN_PAREN = 2; // bracketed expression, collection, path group, VALUES row
const OPEN_CALL = 10; // a function call's arguments: `STR(STR(…))` nested fails at 236

/** Weights of elements; anything not listed weighs 1. */
const KEYWORD_WEIGHT: Readonly<Record<string, number>> = {
  OPTIONAL: 3, MINUS: 3, LATERAL: 3, BIND: 3, VALUES: 3,
  FILTER: 1, UNION: 1, GRAPH: 1, SERVICE: 1, SELECT: 1, IN: 1,
};
/** A projected or grouped `(expr AS ?v)` is an Extend node: as deep as an OPTIONAL. */
const SELECT_EXPRESSION = 3;
const PATH_ALTERNATIVE = 1.5;
/**
 * `+ - * /` in an expression: a warmed-up worker (whose Wasm code V8 has optimised) runs out of
 * native stack evaluating 893 of them in a row, where `&&`, `||`, `!` and the rest take 2,281.
 */
const ARITHMETIC = 2.5;
/** A collection item becomes two triple patterns (rdf:first, rdf:rest). */
const COLLECTION_ITEM = 2;
/** Each resource of `DESCRIBE <a> <b> …` adds a level: 832 of them fail. */
const DESCRIBED = 3;

/** Keywords that are not operands (after them, `<` starts an IRI) and not function names. */
const KEYWORDS = new Set([
  'FILTER', 'BIND', 'VALUES', 'EXISTS', 'NOT', 'IN', 'AS', 'DISTINCT', 'REDUCED', 'SELECT', 'WHERE',
  'OPTIONAL', 'MINUS', 'UNION', 'GRAPH', 'SERVICE', 'SILENT', 'LATERAL', 'FROM', 'NAMED', 'PREFIX',
  'BASE', 'ORDER', 'GROUP', 'BY', 'HAVING', 'LIMIT', 'OFFSET', 'CONSTRUCT', 'DESCRIBE', 'ASK', 'SEPARATOR',
]);

const isWordStart = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c >= 0x80;
const isWordPart = (c: number) => isWordStart(c) || c === 0x2d || c === 0x25; // - %
const isVarPart = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80;
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** Characters a prefixed name may escape with `\` (PN_LOCAL_ESC). */
const LOCAL_ESCAPES = new Set([..."_~.-!$&'()*+,;=/?#@%"].map((ch) => ch.charCodeAt(0)));
/** ECHAR: \t \b \n \r \f \" \' \\ */
const STRING_ESCAPES = new Set([...'tbnrf"\'\\'].map((ch) => ch.charCodeAt(0)));

/**
 * Length of the escape sequence at `i` (a `\`) in a string, or 0 if the parser rejects it
 * (unknown escape, bad hex, a surrogate or a code point past U+10FFFF).
 */
function escapeLength(text: string, i: number): number {
  const c = text.charCodeAt(i + 1);
  if (STRING_ESCAPES.has(c)) return 2;
  const digits = c === 0x75 ? 4 : c === 0x55 ? 8 : 0; // u U
  if (digits === 0) return 0;
  let value = 0;
  for (let k = 0; k < digits; k++) {
    const h = text.charCodeAt(i + 2 + k);
    if (!isHex(h)) return 0;
    value = value * 16 + parseInt(text[i + 2 + k]!, 16);
  }
  if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return 0;
  return 2 + digits;
}

/**
 * The end (index after the closing quotes) of the string starting at `i`, as Oxigraph reads it.
 * A long string (`"""`, `'''`) that does not close, or holds an escape the parser rejects, is not
 * one: the parser then reads `""` and starts another string at the third quote, and so does this.
 * A short string that breaks (end of line, bad escape, end of text) ends the parse; the scan goes
 * on after it, which can only count more.
 */
function stringEnd(text: string, i: number): number {
  const n = text.length;
  const q = text.charCodeAt(i);
  if (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
    for (let j = i + 3; j < n;) {
      const c = text.charCodeAt(j);
      if (c === 0x5c) {
        const k = escapeLength(text, j);
        if (k === 0) break;
        j += k;
      } else if (c === q && text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q) {
        return j + 3;
      } else {
        j++;
      }
    }
    return i + 2; // `""`: the third quote opens another string
  }
  for (let j = i + 1; j < n;) {
    const c = text.charCodeAt(j);
    if (c === q) return j + 1;
    if (c === 0x0a || c === 0x0d) return j;
    if (c === 0x5c) {
      const k = escapeLength(text, j);
      if (k === 0) return j + 1;
      j += k;
    } else {
      j++;
    }
  }
  return n;
}

/**
 * The three measures of a query text. `frameCap` bounds the frames kept (memory): brackets nested
 * deeper are still counted in `depth`, but their contents no longer add to the other measures.
 */
export function measureQueryShape(text: string, frameCap = 10_000): QueryShape {
  const n = text.length;
  // The open frames, as parallel arrays; index 0 is the top level.
  const ctx: Ctx[] = [Ctx.Root];
  const mode: Mode[] = [Mode.Select];
  const open: number[] = [0];
  const cost: number[] = [0];
  const count: number[] = [0];
  const maxChild: number[] = [0];
  const valuesPending: boolean[] = [false];
  let top = 0; // index of the innermost kept frame
  let hidden = 0; // frames past frameCap, counted only
  let depth = 0;
  let maxDepth = 0;
  let sequence = 0;
  let prev = Tok.None;
  let prevKeyword = '';
  let prev2Keyword = '';
  let existsPending = false;
  let describing = false; // between DESCRIBE and its WHERE clause
  let gt = -1; // index of the next '>' at or after i, or n when there is none

  const token = (t: Tok, keyword = '') => {
    prev2Keyword = prevKeyword;
    prev = t;
    prevKeyword = keyword;
  };
  const element = (weight: number) => {
    if (hidden > 0) return;
    cost[top]! += weight;
    const c = ++count[top]!;
    if (c > sequence) sequence = c;
  };
  const push = (kind: Ctx, openCost: number, elementWeight: number) => {
    depth++;
    if (depth > maxDepth) maxDepth = depth;
    if (hidden > 0 || top + 1 >= frameCap) {
      hidden++;
      return;
    }
    if (ctx[top] !== Ctx.Data) element(elementWeight); // rows of a VALUES block are not a sequence
    top++;
    ctx[top] = kind;
    mode[top] = Mode.Triples;
    open[top] = openCost;
    cost[top] = 0;
    count[top] = 0;
    maxChild[top] = 0;
    valuesPending[top] = false;
  };
  const pop = () => {
    if (depth === 0) return;
    depth--;
    if (hidden > 0) {
      hidden--;
      return;
    }
    const total = open[top]! + cost[top]! + maxChild[top]!;
    const kind = ctx[top]!;
    top--;
    if (total > maxChild[top]!) maxChild[top] = total;
    // The WHERE clause of a sub-SELECT closed: solution modifiers (with expressions) follow.
    if (kind === Ctx.Group && ctx[top] === Ctx.Group && mode[top] === Mode.Select) mode[top] = Mode.Modifiers;
  };
  /** A term; inside a collection each item is two triple patterns. */
  const term = (t: Tok) => {
    if (hidden === 0 && ctx[top] === Ctx.Path) element(COLLECTION_ITEM);
    else if (describing && top === 0 && hidden === 0) element(DESCRIBED);
    token(t);
  };
  const isOperand = () => prev === Tok.Operand || prev === Tok.Word || prev === Tok.Iri;
  const callable = () => prev === Tok.Word || prev === Tok.Iri;
  const inTriples = () => {
    const k = ctx[top];
    return k === Ctx.Group ? mode[top] === Mode.Triples : k === Ctx.Bnode || k === Ctx.Quoted || k === Ctx.Path;
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
    } else if (c === 0x23) { // # comment
      i++;
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 || c === 0x27) { // " '
      i = stringEnd(text, i);
      term(Tok.Operand);
    } else if (c === 0x3c) { // <
      const next = text.charCodeAt(i + 1);
      if (hidden === 0 && ctx[top] === Ctx.Expr && isOperand()) {
        // After an operand in an expression the parser tries `<` (or `<=`) as an operator first.
        i += next === 0x3d ? 2 : 1;
        element(1);
        token(Tok.Op);
      } else if (next === 0x3c) {
        i += 2;
        push(Ctx.Quoted, OPEN_QUOTED, 1);
        token(Tok.Op);
      } else {
        if (gt < i) {
          gt = text.indexOf('>', i);
          if (gt < 0) gt = n;
        }
        if (gt < n) {
          i = gt + 1;
          term(Tok.Iri);
        } else {
          i++;
          element(1);
          token(Tok.Op);
        }
      }
    } else if (c === 0x3e) { // >
      const next = text.charCodeAt(i + 1);
      if (next === 0x3e && hidden === 0 && ctx[top] === Ctx.Quoted) {
        i += 2;
        pop();
        token(Tok.Operand);
      } else {
        i += next === 0x3d ? 2 : 1;
        element(1);
        token(Tok.Op);
      }
    } else if (c === 0x7b) { // {
      i++;
      let kind = Ctx.Group;
      if (hidden === 0 && (ctx[top] === Ctx.Data || valuesPending[top])) {
        kind = Ctx.Data;
        valuesPending[top] = false;
      }
      push(kind, existsPending ? OPEN_EXISTS : OPEN_GROUP, 1);
      existsPending = false;
      describing = false;
      token(Tok.Op);
    } else if (c === 0x5b) { // [
      i++;
      push(Ctx.Bnode, OPEN_BNODE, 1);
      token(Tok.Op);
    } else if (c === 0x28) { // (
      i++;
      let kind: Ctx;
      let openCost = OPEN_PAREN;
      let weight = 1;
      const k = ctx[top]!;
      if (hidden > 0) {
        kind = Ctx.Expr;
      } else if (k === Ctx.Data || valuesPending[top]) {
        kind = Ctx.Data;
      } else if (k === Ctx.Expr) {
        kind = Ctx.Expr;
        if (callable()) openCost = OPEN_CALL;
      } else if (!inTriples()) {
        // The top level, or a sub-SELECT's clauses: a projected, grouped or ordering expression.
        kind = Ctx.Expr;
        weight = SELECT_EXPRESSION;
        if (callable()) openCost = OPEN_CALL;
      } else if (prevKeyword === 'FILTER' || prevKeyword === 'BIND') {
        kind = Ctx.Expr;
      } else if (callable() && prev2Keyword === 'FILTER') {
        kind = Ctx.Expr;
        openCost = OPEN_CALL;
      } else {
        kind = Ctx.Path;
      }
      push(kind, openCost, weight);
      token(Tok.Op);
    } else if (c === 0x29 || c === 0x5d || c === 0x7d) { // ) ] }
      i++;
      pop();
      token(Tok.Operand);
    } else if (c === 0x3f || c === 0x24) { // ? $
      i++;
      if (i < n && isVarPart(text.charCodeAt(i))) {
        while (i < n && isVarPart(text.charCodeAt(i))) i++;
        term(Tok.Operand);
      } else {
        token(Tok.Op); // a path modifier `?`
      }
    } else if (c === 0x40) { // @lang
      i++;
      while (i < n && (isVarPart(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2d)) i++;
      token(Tok.Operand);
    } else if (isWordStart(c) || (c === 0x2e && i + 1 < n && text.charCodeAt(i + 1) >= 0x30 && text.charCodeAt(i + 1) <= 0x39)) {
      const start = i;
      let colon = false;
      i++;
      for (;;) {
        const d = text.charCodeAt(i);
        if (i >= n) break;
        if (d === 0x3a) colon = true;
        if (isWordPart(d)) {
          i++;
        } else if (d === 0x2e && (isWordPart(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 0x2e)) {
          i++;
        } else if (d === 0x5c && colon && LOCAL_ESCAPES.has(text.charCodeAt(i + 1))) {
          i += 2;
        } else {
          break;
        }
      }
      const length = i - start;
      // Keywords are short: the first 16 characters tell (and keep a long name from being copied).
      const upper = text.slice(start, start + Math.min(length, 16)).toUpperCase();
      // EXISTS, NOT EXISTS, NOTEXISTS, FILTERNOTEXISTS: the parser needs no space after a keyword.
      if (length >= 6 && text.slice(i - 6, i).toUpperCase() === 'EXISTS') existsPending = true;
      if (length <= 16 && KEYWORDS.has(upper)) {
        const weight = KEYWORD_WEIGHT[upper];
        if (weight !== undefined && ctx[top] !== Ctx.Data) element(weight);
        if (upper === 'VALUES' && hidden === 0) valuesPending[top] = true;
        if (upper === 'SELECT' && hidden === 0 && ctx[top] === Ctx.Group) mode[top] = Mode.Select;
        if (top === 0 && hidden === 0) describing = upper === 'DESCRIBE' || (describing && upper !== 'WHERE' && upper !== 'FROM');
        token(Tok.Keyword, upper);
      } else if (upper.startsWith('FILTER') || upper.startsWith('BIND')) {
        // The parser needs no space after a keyword: `FILTERex:f(…)` is FILTER and a call.
        element(1);
        prevKeyword = 'FILTER';
        token(Tok.Word);
      } else {
        if (upper.startsWith('SELECT') && hidden === 0 && ctx[top] === Ctx.Group) mode[top] = Mode.Select;
        term(Tok.Word);
      }
    } else {
      // Operators and separators.
      i++;
      const next = text.charCodeAt(i);
      if (c === 0x5e) { // ^
        if (next === 0x5e) {
          i++;
          token(Tok.Op); // ^^ datatype
          continue;
        }
        element(1);
      } else if (c === 0x7c) { // |
        if (next === 0x7c) i++;
        element(next === 0x7c ? 1 : PATH_ALTERNATIVE);
      } else if (c === 0x26) { // &
        if (next === 0x26) i++;
        element(1);
      } else if (c === 0x21) { // !
        if (next === 0x3d) i++;
        element(1);
      } else if (c === 0x2b || c === 0x2d || c === 0x2a || c === 0x2f) { // + - * /: arithmetic, or a path's / + *
        element(hidden === 0 && (ctx[top] === Ctx.Expr || top === 0) ? ARITHMETIC : 1);
      } else if (c === 0x2c || c === 0x3b || c === 0x2e || c === 0x3d) {
        element(1); // , ; . =
      } else {
        continue; // ~ \ control characters and the like: not a token of interest
      }
      token(Tok.Op);
    }
  }
  while (depth > 0) pop();
  return { depth: maxDepth, sequence, evalDepth: Math.ceil(cost[0]! + maxChild[0]!) };
}
