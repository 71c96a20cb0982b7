/** Seeded randomness: the same seed gives the same sequence, so a failure can be replayed. */

// One PRNG for the tests and the benchmark's generated articles: mulberry32, in [0, 1).
export { prng } from "../../bench/generate.js";

import { prng } from "../../bench/generate.js";

/** `length` bytes from `prng(seed)`, each in [min, max]. */
export function seededBytes(seed: number, length: number, min: number, max: number): Uint8Array {
  const next = prng(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = min + Math.floor(next() * (max - min + 1));
  return out;
}

/** A seed from the environment variable `name` when set (to replay a failure), else a fresh one. */
export function seedFrom(name: string): number {
  const given = process.env[name];
  if (given !== undefined && /^\d+$/.test(given)) return Number(given) >>> 0;
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}
