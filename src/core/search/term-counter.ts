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
  /** The words by slot (open addressing; "" is a free slot), their hashes and term numbers (-1: none). */
  private words: string[] = [];
  private hashes = new Int32Array(0);
  private first = new Int32Array(0);
  private second = new Int32Array(0);
  private size = 0;
  /** Term number → term, and back. */
  private names: string[] = [];
  private numbers = new Map<string, number>();
  /** The document so far: each term number's count, the numbers met in order, the words with a term. */
  private counts = new Int32Array(1024);
  private met: number[] = [];
  private wordCount = 0;

  constructor(
    private readonly maxWords = 200_000,
    private readonly initialSlots = 1 << 16,
  ) {
    this.reset();
  }

  /** Count the words of `text`, each term of a word by `weight`. */
  add(text: string, weight: number): void {
    scanWords(text, (start, end, hash) => {
      const slot = this.slotOf(text, start, end, hash);
      const a = this.first[slot] as number;
      if (a < 0) return;
      this.wordCount++;
      this.bump(a, weight);
      const b = this.second[slot] as number;
      if (b >= 0) this.bump(b, weight);
    });
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
    const mask = this.words.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const w = this.words[slot] as string;
      if (w === "") return this.insert(text.slice(start, end), h);
      if (this.hashes[slot] === h && w.length === length && sameChars(w, text, start)) return slot;
    }
  }

  private insert(word: string, hash: number): number {
    if (2 * (this.size + 1) > this.words.length) this.grow();
    const mask = this.words.length - 1;
    let slot = hash & mask;
    while (this.words[slot] !== "") slot = (slot + 1) & mask;
    const terms = wordTerms(word);
    this.words[slot] = word;
    this.hashes[slot] = hash;
    this.first[slot] = terms.length > 0 ? this.numberOf(terms[0] as string) : -1;
    this.second[slot] = terms.length > 1 ? this.numberOf(terms[1] as string) : -1;
    this.size++;
    return slot;
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
    const { words, hashes, first, second } = this;
    this.allocate(words.length * 2);
    const mask = this.words.length - 1;
    for (let k = 0; k < words.length; k++) {
      const w = words[k] as string;
      if (w === "") continue;
      let slot = (hashes[k] as number) & mask;
      while (this.words[slot] !== "") slot = (slot + 1) & mask;
      this.words[slot] = w;
      this.hashes[slot] = hashes[k] as number;
      this.first[slot] = first[k] as number;
      this.second[slot] = second[k] as number;
    }
  }

  private allocate(slots: number): void {
    this.words = new Array<string>(slots).fill("");
    this.hashes = new Int32Array(slots);
    this.first = new Int32Array(slots);
    this.second = new Int32Array(slots);
  }

  /** Forget every word and term (between documents: no count is open). */
  private reset(): void {
    this.allocate(this.initialSlots);
    this.size = 0;
    this.names = [];
    this.numbers = new Map();
  }
}

/** Whether `text` holds `word` at `at` (the lengths already compared). */
function sameChars(word: string, text: string, at: number): boolean {
  for (let k = 0; k < word.length; k++) {
    if (word.charCodeAt(k) !== text.charCodeAt(at + k)) return false;
  }
  return true;
}
