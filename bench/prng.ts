/**
 * A small seeded pseudo-random number generator (sfc32, seeded through splitmix32): the same
 * seed gives the same sequence on every machine and Node version, which `Math.random` does not.
 *
 * @example
 *   const rng = createRng(42);
 *   rng.int(6);                 // 0..5
 *   rng.pick(['a', 'b', 'c']);  // one of them
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An item chosen with the given weights (same length as items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** k distinct items (k clamped to the list's length), in the order drawn. */
  sample<T>(items: readonly T[], k: number): T[];
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (n: number) => Math.floor(next() * n);
  const at = <T>(items: readonly T[], i: number): T => {
    if (i < 0 || i >= items.length) throw new RangeError(`index ${i} outside a list of ${items.length}`);
    return items[i] as T;
  };
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: (items) => at(items, int(items.length)),
    weighted(items, weights) {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i] ?? 0;
        if (r < 0) return at(items, i);
      }
      return at(items, items.length - 1);
    },
    sample(items, k) {
      const pool = [...items];
      const out: (typeof pool)[number][] = [];
      for (let i = 0; i < Math.min(k, pool.length); i++) {
        const j = i + int(pool.length - i);
        [pool[i], pool[j]] = [at(pool, j), at(pool, i)];
        out.push(at(pool, i));
      }
      return out;
    },
  };
}
