/**
 * Search, the compact text encodings of the index files: posting lists, article
 * ids and lengths, all written with 64 characters that need no escaping in JSON
 * or file names. Mirrored in templates/assets/search.js: change both together.
 *
 * Pure: no I/O.
 */

/** Posting lists, ids and lengths are written with these 64 characters. */
export const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
const DIGIT = new Map([...ALPHABET].map((c, i) => [c, i]));
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

/** The value of each alphabet character by its code (-1 for any other), for decoding fast. */
const VALUE = new Int8Array(0x10000).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** The value of the alphabet character at `at` in `text`, or -1 (digit without making a string). */
export function digitAt(text: string, at: number): number {
  return VALUE[text.charCodeAt(at)] ?? -1;
}
const CODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/**
 * Encode [id, count, id, count, …] (ids ascending): each id as the gap from the last,
 * less one, in encodeNumber's digits, then the count as one character.
 */
export function encodePostings(pairs: readonly number[]): string {
  const n = pairs.length >> 1;
  const ids = new Float64Array(n);
  const counts = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    ids[k] = pairs[2 * k] as number;
    counts[k] = pairs[2 * k + 1] as number;
  }
  return encodeRange(ids, counts, 0, n);
}

/** Bytes encodeRange writes into, kept: most posting lists are a few characters. */
let scratch = new Uint8Array(1 << 16);

/**
 * encodePostings of the pairs from `from` to `to` of two columns, ids and counts.
 * Written into bytes and made a string at once: a string grown a character at a time
 * is a deep rope that every later read of it (hashing, slicing) must first flatten.
 */
export function encodeRange(
  ids: ArrayLike<number>,
  counts: ArrayLike<number>,
  from: number,
  to: number,
): string {
  // An id has at most 11 digits below 2^53 (32^11), and a count one character.
  if (scratch.length < (to - from) * 12) scratch = new Uint8Array((to - from) * 12);
  const bytes = scratch;
  let n = 0;
  let last = -1;
  for (let k = from; k < to; k++) {
    const id = ids[k] as number;
    let gap = id - last - 1;
    last = id;
    let digits = 1;
    for (let rest = Math.floor(gap / 32); rest > 0; rest = Math.floor(rest / 32)) digits++;
    for (let d = digits - 1; d >= 0; d--) {
      bytes[n + d] = CODE[(d === digits - 1 ? 0 : 32) + (gap % 32)] as number;
      gap = Math.floor(gap / 32);
    }
    n += digits;
    bytes[n++] = CODE[counts[k] as number] as number;
  }
  let out = "";
  for (let at = 0; at < n; at += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(n, at + 8192)) as never);
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
export function decodeFlat(text: string, from = 0, to = text.length): number[] | null {
  const out: number[] = [];
  let id = -1;
  let i = from;
  while (i < to) {
    let n = 0;
    let d = VALUE[text.charCodeAt(i++)] as number;
    while (d >= 32 && i < to) {
      n = n * 32 + (d - 32);
      d = VALUE[text.charCodeAt(i++)] as number;
    }
    const count = i < to ? (VALUE[text.charCodeAt(i++)] as number) : -1;
    if (d < 0 || d >= 32 || count < 1 || count > MAX_COUNT) return null;
    id += n * 32 + d + 1;
    out.push(id, count);
  }
  return out;
}

/** A gap in encodeNumber's digits, as a string (short: the common case, built directly). */
function gapText(gap: number): string {
  if (gap < 32) return ALPHABET.charAt(gap);
  if (gap < 1024) return ALPHABET.charAt(32 + (gap >> 5)) + ALPHABET.charAt(gap & 31);
  return encodeNumber(gap);
}

/**
 * A posting list (`text` from `from` to `to`) with `changes` applied: [id, count] pairs,
 * ids ascending, count 0 to remove. Only the postings at and right after each change
 * are written again; the runs between are copied. Null when the text is not a posting
 * list or a removal finds nothing to remove. The same as decoding, changing and encoding.
 */
export function patchPostings(
  text: string,
  changes: readonly (readonly [number, number])[],
  from = 0,
  to = text.length,
): string | null {
  const out: string[] = [];
  let run = from;
  let last = -1;
  let lastOut = -1;
  let c = 0;
  let i = from;
  const write = (id: number, count: number) => {
    out.push(gapText(id - lastOut - 1) + ALPHABET.charAt(count));
    lastOut = id;
  };
  while (i < to) {
    const start = i;
    let n = 0;
    let d = VALUE[text.charCodeAt(i++)] as number;
    while (d >= 32 && i < to) {
      n = n * 32 + (d - 32);
      d = VALUE[text.charCodeAt(i++)] as number;
    }
    const count = i < to ? (VALUE[text.charCodeAt(i++)] as number) : -1;
    if (d < 0 || d >= 32 || count < 1 || count > MAX_COUNT) return null;
    const id = last + n * 32 + d + 1;
    last = id;
    let here = -1;
    while (c < changes.length && (changes[c] as readonly [number, number])[0] <= id) {
      const [cid, cn] = changes[c++] as readonly [number, number];
      if (cid === id) {
        here = cn;
        continue;
      }
      if (cn === 0) return null;
      out.push(text.slice(run, start));
      run = start;
      write(cid, cn);
    }
    if (here >= 0 || lastOut !== id - n * 32 - d - 1) {
      // Changed, or its gap counts from another article than before: written again.
      out.push(text.slice(run, start));
      run = i;
      if (here !== 0) write(id, here > 0 ? here : count);
    } else lastOut = id;
  }
  out.push(text.slice(run, to));
  for (; c < changes.length; c++) {
    const [cid, cn] = changes[c] as readonly [number, number];
    if (cn === 0 || cid <= lastOut) return null;
    write(cid, cn);
  }
  return out.join("");
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
