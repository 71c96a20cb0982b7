/**
 * Search, a fresh index's posting lists: every document's terms (in id order)
 * turned into each term's list of (id, count) pairs, without a list per term
 * growing as documents come: the pairs are numbered by term in one pass, placed
 * by a counting sort in a second, and each term's run is encoded where it lies.
 *
 * Pure: no I/O.
 */

import { jsonStringForScript } from "../shared/html.js";
import type { TermList } from "./documents.js";
import { encodeRange } from "./postings.js";

/** The documents to invert: their ids, ascending, and their terms. */
export interface Inverted {
  /** Term → its shard entry, `"term":"postings"`. */
  entries: Map<string, string>;
  /**
   * The documents' term lists again, with every term the one string the entries hold
   * (a list prepared on another thread has its own copies); only when asked for.
   */
  shared: TermList[] | null;
}

/** The shard entry of every term of `lists` (the documents with `ids`, ascending). */
export function invert(
  ids: readonly number[],
  lists: readonly TermList[],
  share: boolean,
): Inverted {
  let pairs = 0;
  for (const list of lists) pairs += list.terms.length;
  // Pass one: every pair's term number (in the order met), and each term's number of pairs.
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const termOf = new Int32Array(pairs);
  let sizes = new Int32Array(1024);
  let p = 0;
  for (const list of lists) {
    for (const term of list.terms) {
      let t = numbers.get(term);
      if (t === undefined) {
        t = names.length;
        names.push(term);
        numbers.set(term, t);
        if (t === sizes.length) {
          const more = new Int32Array(sizes.length * 2);
          more.set(sizes);
          sizes = more;
        }
      }
      termOf[p++] = t;
      sizes[t] = (sizes[t] as number) + 1;
    }
  }
  numbers.clear();
  // Pass two: each pair at its term's next place; documents come in id order, so ids ascend.
  const starts = new Int32Array(names.length + 1);
  for (let t = 0; t < names.length; t++)
    starts[t + 1] = (starts[t] as number) + (sizes[t] as number);
  const next = starts.slice(0, names.length);
  // Ids are below 64 ** width: 2 ** 30 at most up to 268 million articles.
  const pairIds = new Uint32Array(pairs);
  const pairCounts = new Uint8Array(pairs);
  const shared: TermList[] | null = share ? [] : null;
  p = 0;
  for (let d = 0; d < lists.length; d++) {
    const id = ids[d] as number;
    const { terms, counts } = lists[d] as TermList;
    const own: string[] | null = shared ? new Array(terms.length) : null;
    for (let k = 0; k < terms.length; k++) {
      const t = termOf[p++] as number;
      const at = next[t] as number;
      next[t] = at + 1;
      pairIds[at] = id;
      pairCounts[at] = counts[k] as number;
      if (own) own[k] = names[t] as string;
    }
    if (own) shared?.push({ terms: own, counts });
  }
  const entries = new Map<string, string>();
  for (let t = 0; t < names.length; t++) {
    const term = names[t] as string;
    const postings = encodeRange(pairIds, pairCounts, starts[t] as number, starts[t + 1] as number);
    entries.set(term, `${jsonStringForScript(term)}:"${postings}"`);
  }
  return { entries, shared };
}
