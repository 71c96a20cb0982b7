/** Types of bench/generate.js (plain JavaScript, run by `npm run bench`), for the tests that use it. */

/** Mulberry32: a tiny seeded PRNG, numbers in [0, 1). */
export function prng(seed: number): () => number;
/** The text of generated article number `i`. */
export function articleText(i: number, seed?: number): string;
/** Write `count` generated articles into `dir`. */
export function generateArticles(dir: string, count: number, seed?: number): Promise<void>;
