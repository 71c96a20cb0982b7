/**
 * Search, the compact text encodings of the index files: posting lists, article
 * ids and lengths, all written with 64 characters that need no escaping in JSON
 * or file names. Mirrored in templates/assets/search.js: change both together.
 *
 * Pure: no I/O.
 */

import { jsonForScript } from "../shared/html.js";

/** Posting lists, ids and lengths are written with these 64 characters. */
export const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
const DIGIT = new Map([...ALPHABET].map((c, i) => [c, i]));
const CHARS = [...ALPHABET];
/** Counts above this add nothing to a BM25 score worth telling apart. */
export const MAX_COUNT = 63;
/** Article lengths are written as one character: the nearest power of this ratio. */
export const LENGTH_RATIO = 1.25;

/** A length in words as one character: the exponent of the nearest power of LENGTH_RATIO. */
export function encodeLength(words: number): string {
  const k = Math.round(Math.log(Math.max(words, 1)) / Math.log(LENGTH_RATIO));
  return ALPHABET.charAt(Math.min(k, ALPHABET.length - 1));
}

/** The value of one alphabet character, or -1. */
export function digit(c: string): number {
  return DIGIT.get(c) ?? -1;
}

/** An id as exactly `width` characters, most significant first (the table's ids). */
export function encodeId(id: number, width: number): string {
  let out = "";
  let rest = id;
  for (let k = 0; k < width; k++) {
    out = ALPHABET.charAt(rest % 64) + out;
    rest = Math.floor(rest / 64);
  }
  return out;
}

/** A whole number in the posting alphabet: base 32, every digit but the last marked by +32. */
export function encodeNumber(n: number): string {
  let out = ALPHABET[n % 32] as string;
  let rest = Math.floor(n / 32);
  while (rest > 0) {
    out = (ALPHABET[32 + (rest % 32)] as string) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Encode [id, count, id, count, …] (ids ascending): each id as the gap from the last, less one. */
export function encodePostings(pairs: readonly number[]): string {
  let out = "";
  let last = -1;
  for (let k = 0; k < pairs.length; k += 2) {
    const id = pairs[k] as number;
    const gap = id - last - 1;
    // Ids hashed into a sparse space make most gaps two or three digits: written inline.
    if (gap < 32) out += CHARS[gap];
    else if (gap < 1024) out += (CHARS[32 + (gap >> 5)] as string) + CHARS[gap & 31];
    else if (gap < 32768) {
      out += (CHARS[32 + (gap >> 10)] as string) + CHARS[32 + ((gap >> 5) & 31)] + CHARS[gap & 31];
    } else out += encodeNumber(gap);
    out += CHARS[pairs[k + 1] as number];
    last = id;
  }
  return out;
}

/** Decode a posting list: [article id, count 1–63] pairs, ids ascending. */
export function decodePostings(text: string): [number, number][] {
  const out: [number, number][] = [];
  const flat = decodeFlat(text);
  if (flat === null) throw new Error("not a posting list");
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k] as number, flat[k + 1] as number]);
  return out;
}

/** A posting list as [id, count, id, count, …], or null when the text is not one. */
export function decodeFlat(text: string): number[] | null {
  const out: number[] = [];
  let id = -1;
  let i = 0;
  while (i < text.length) {
    let n = 0;
    let d = digit(text[i++] as string);
    while (d >= 32) {
      n = n * 32 + (d - 32);
      d = digit(text[i++] ?? "");
    }
    const count = digit(text[i++] ?? "");
    if (d < 0 || count < 1 || count > MAX_COUNT) return null;
    id += n * 32 + d + 1;
    out.push(id, count);
  }
  return out;
}

/** A term's entry in its shard: `"term":"postings"`. */
export function entry(term: string, postings: readonly number[]): string {
  return `${jsonForScript(term)}:"${encodePostings(postings)}"`;
}

/** The postings of an entry, as [id, count, …]; null when it is not one. */
export function entryPostings(text: string): number[] | null {
  return decodeFlat(text.slice(text.lastIndexOf(':"') + 2, -1));
}

/** Set the count of `id` in [id, count, …]; 0 removes it. False when there was nothing to remove. */
export function setPosting(p: number[], id: number, count: number): boolean {
  const at = 2 * lowerBound(p.length / 2, (k) => (p[2 * k] as number) < id);
  if (p[at] === id) {
    if (count === 0) p.splice(at, 2);
    else p[at + 1] = count;
    return true;
  }
  if (count === 0) return false;
  p.splice(at, 0, id, count);
  return true;
}

/** The first of `n` positions where `before(k)` is false (it is true for a first run of them). */
export function lowerBound(n: number, before: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where `term` is, or would go, in the sorted `terms`. */
export function sortedIndex(terms: readonly string[], term: string): number {
  return lowerBound(terms.length, (k) => (terms[k] as string) < term);
}
