/**
 * Search, a document's words counted as terms (terms.ts) fast: the per-word work
 * of an index of ten thousand articles, most of the time it takes.
 *
 * Pure: no I/O.
 */

import { scanWords, wordTerms } from "./terms.js";

/** The terms of one text after another, counted, for a document: what TermCounter.take gives. */
export interface CountedTerms {
  /** Its terms, in the order first met. */
  terms: string[];
  /** Each term's count: the weights of the texts it was met in, once per word; at most `cap`. */
  counts: Uint8Array;
  /** The words that have a term. */
  words: number;
}

/**
 * Counts the terms of a document's texts, each text with its weight, making no string
 * of a word met before: ten thousand articles have millions of words but a few hundred
 * thousand distinct ones. Each distinct word is kept in a table by its characters,
 * with its terms (wordTerms) as numbers, and counts are kept by those numbers, so a
 * document's count needs no Map. One counter serves one document after another
 * (`add`… then `take`); it starts afresh between documents once it knows `maxWords`.
 */
export class TermCounter {
  /**
   * The words by slot (open addressing), SLOT numbers a slot: its word's hash, its term
   * numbers (-1: none) and where its characters are in `chars` (0: a free slot). One
   * cache line for a word met again, where an array per field cost one miss each.
   */
  private slots = new Int32Array(0);
  private size = 0;
  /** Each word's length (two code units, low half first), then its UTF-16 code units; from 1. */
  private chars = new Uint16Array(0);
  private charsUsed = 1;
  /** Term number → term, and back. */
  private names: string[] = [];
  private numbers = new Map<string, number>();
  /** The document so far: each term number's count, the numbers met in order, the words with a term. */
  private counts = new Int32Array(1024);
  private met: number[] = [];
  private wordCount = 0;
  /** add()'s text and weight, for `onWord` (one bound callback, not a closure per text). */
  private text = "";
  private weight = 0;
  private readonly onWord = (start: number, end: number, hash: number): void => {
    const slot = this.slotOf(this.text, start, end, hash);
    const a = this.slots[slot + FIRST] as number;
    if (a < 0) return;
    this.wordCount++;
    this.bump(a, this.weight);
    const b = this.slots[slot + SECOND] as number;
    if (b >= 0) this.bump(b, this.weight);
  };

  constructor(
    private readonly maxWords = 200_000,
    private readonly initialSlots = 1 << 16,
  ) {
    this.reset();
  }

  /** Count the words of `text`, each term of a word by `weight`. */
  add(text: string, weight: number): void {
    this.text = text;
    this.weight = weight;
    scanWords(text, this.onWord);
    this.text = "";
  }

  /** The document counted since the last take, each count at most `cap` (≤ 255); the counter is ready for the next. */
  take(cap: number): CountedTerms {
    const n = this.met.length;
    const terms: string[] = new Array(n);
    const counts = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const t = this.met[k] as number;
      terms[k] = this.names[t] as string;
      counts[k] = Math.min(this.counts[t] as number, cap);
      this.counts[t] = 0;
    }
    const words = this.wordCount;
    this.met = [];
    this.wordCount = 0;
    if (this.size > this.maxWords) this.reset();
    return { terms, counts, words };
  }

  private bump(term: number, weight: number): void {
    if (this.counts[term] === 0) this.met.push(term);
    this.counts[term] = (this.counts[term] as number) + weight;
  }

  /** The slot of the word `text[start, end)` (`h`: its hash, as scanWords gives it), added (with its terms) when new. */
  private slotOf(text: string, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = slots.length - SLOT;
    for (let slot = (h << SLOT_SHIFT) & mask; ; slot = (slot + SLOT) & mask) {
      const at = slots[slot + AT] as number;
      if (at === 0) return this.insert(text, start, end, h);
      if (slots[slot + HASH] === h && this.holds(at, text, start, end)) return slot;
    }
  }

  /** Whether the word kept at `at` in `chars` is `text[start, end)`. */
  private holds(at: number, text: string, start: number, end: number): boolean {
    const chars = this.chars;
    const length = end - start;
    if ((chars[at] as number) + (chars[at + 1] as number) * 0x10000 !== length) return false;
    for (let k = 0; k < length; k++) {
      if (chars[at + 2 + k] !== text.charCodeAt(start + k)) return false;
    }
    return true;
  }

  private insert(text: string, start: number, end: number, hash: number): number {
    if (2 * (this.size + 1) * SLOT > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = slots.length - SLOT;
    let slot = (hash << SLOT_SHIFT) & mask;
    while (slots[slot + AT] !== 0) slot = (slot + SLOT) & mask;
    const terms = wordTerms(text.slice(start, end));
    slots[slot + HASH] = hash;
    slots[slot + FIRST] = terms.length > 0 ? this.numberOf(terms[0] as string) : -1;
    slots[slot + SECOND] = terms.length > 1 ? this.numberOf(terms[1] as string) : -1;
    slots[slot + AT] = this.keep(text, start, end);
    this.size++;
    return slot;
  }

  /** Keep the characters of `text[start, end)` in `chars`, with their length: where they are. */
  private keep(text: string, start: number, end: number): number {
    const length = end - start;
    if (this.charsUsed + 2 + length > this.chars.length) {
      const more = new Uint16Array(Math.max(this.chars.length * 2, this.charsUsed + 2 + length));
      more.set(this.chars);
      this.chars = more;
    }
    const at = this.charsUsed;
    const chars = this.chars;
    chars[at] = length & 0xffff;
    chars[at + 1] = length >>> 16;
    for (let k = 0; k < length; k++) chars[at + 2 + k] = text.charCodeAt(start + k);
    this.charsUsed = at + 2 + length;
    return at;
  }

  private numberOf(term: string): number {
    let t = this.numbers.get(term);
    if (t === undefined) {
      t = this.names.length;
      this.names.push(term);
      this.numbers.set(term, t);
      if (t >= this.counts.length) {
        const more = new Int32Array(this.counts.length * 2);
        more.set(this.counts);
        this.counts = more;
      }
    }
    return t;
  }

  /** Twice the slots, every word put again. */
  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - SLOT;
    for (let k = 0; k < old.length; k += SLOT) {
      if (old[k + AT] === 0) continue;
      let slot = ((old[k + HASH] as number) << SLOT_SHIFT) & mask;
      while (slots[slot + AT] !== 0) slot = (slot + SLOT) & mask;
      slots.set(old.subarray(k, k + SLOT), slot);
    }
    this.slots = slots;
  }

  /** Forget every word and term (between documents: no count is open). */
  private reset(): void {
    this.slots = new Int32Array(this.initialSlots * SLOT);
    this.chars = new Uint16Array(this.initialSlots * 8);
    this.charsUsed = 1;
    this.size = 0;
    this.names = [];
    this.numbers = new Map();
  }
}

/** A slot's fields in TermCounter's table: its word's hash, its two term numbers, its characters. */
const HASH = 0;
const FIRST = 1;
const SECOND = 2;
const AT = 3;
const SLOT_SHIFT = 2;
const SLOT = 1 << SLOT_SHIFT;
