/**
 * Search, the index as kept in the build cache (a `Store`), so that a new process
 * continues from the last build's index instead of making it again:
 *
 *   search/head        a small eager part: the options, every document's slug, key,
 *                      record signature and length, the table's order of them, every
 *                      shard's prefix, size, term count and signature; with a checksum
 *   search/s/<name>    a shard's entries, exactly as its file holds them
 *   search/d/<bucket>  the documents of one of DOC_BUCKETS buckets (by their slug's hash),
 *                      each its key and its terms with their counts, with a checksum
 *
 * The head is read on restore; a shard or a document's terms only when an update
 * touches them. Whatever is read is checked against the head (a shard's signature,
 * a document's key) and its checksum, so a damaged or half-written store is found
 * out, and the index is made afresh rather than patched wrongly.
 *
 * Pure: no I/O.
 */

import { shortHash } from "../shared/hash.js";
import { ANALYSIS } from "./documents.js";
import { digit, digitAt, encodeId } from "./postings.js";
import { mustSplit, shardName, shardPrefix, splitsOf } from "./shards.js";

/** The stored index is missing a part, or a part does not match the rest: it cannot be used. */
export class SearchStoreError extends Error {}

export const HEAD_KEY = "search/head";
/** The store key of a shard, by its file name. */
export const shardStoreKey = (name: string) => `search/s/${name}`;
/** What a document's terms are sealed with (seal): its slug, so a value moved is found out. */
export const docStoreKey = (slug: string) => `search/d/${slug}`;
/**
 * How many values the documents' terms are kept in. One value a document made the build
 * cache's index 10,000 entries long, read by every build (~20–40 ms) and written by every
 * build that changed something; a bucket is ~85 KB at 10,000 articles, ~850 KB at 100,000.
 */
export const DOC_BUCKETS = 256;
/** The store key of the bucket of a document's terms, by its slug (FNV-1a of its characters). */
export function docBucketKey(slug: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) h = Math.imul(h ^ slug.charCodeAt(i), 0x01000193);
  return `search/d/${(h >>> 0) % DOC_BUCKETS}`;
}
/**
 * A bucket as stored: slug → its document's sealed value. Null when it does not read as one
 * (the documents in it are then missing, and the index is made afresh where it needs them).
 */
export function readDocBucket(value: string | undefined): Record<string, string> | null {
  if (value === undefined) return null;
  try {
    const docs = JSON.parse(value) as unknown;
    if (typeof docs !== "object" || docs === null || Array.isArray(docs)) return null;
    for (const v of Object.values(docs)) if (typeof v !== "string") return null;
    return docs as Record<string, string>;
  } catch {
    return null;
  }
}
/** What a head begins with: the layout of the store, and of the documents' analysis. */
const FORMAT = `vistka-search-store 3 ${ANALYSIS}`;

export interface HeadDoc {
  slug: string;
  id: number;
  key: string;
  recordSig: string;
  lengthCode: string;
}
/** The head's documents by column (as read, so that a restore makes no object per document twice). */
export interface HeadColumns {
  slugs: readonly string[];
  ids: readonly number[];
  keys: readonly string[];
  /** The record signatures, SIG characters each, and the length codes, one character each. */
  sigs: string;
  lengths: string;
}
export interface HeadShard {
  key: string;
  size: number;
  count: number;
  sig: string;
}
export interface Head<D = HeadDoc> {
  target: number;
  width: number;
  /** The table's `docs`: each place's id and length code. */
  table: string;
  /** The documents' part of the table's version (a sum over their ids and record hashes). */
  sum: number;
  /** In id order. */
  docs: D;
  /** The table's order: each place's document as its position in `docs`. */
  order: readonly number[];
  /** In file (key) order. */
  shards: readonly HeadShard[];
}

/** Characters of a record signature (shortHash). */
export const SIG = 12;

/** A value with a checksum of itself and of the key it is kept under (a value moved is found out too). */
export function seal(key: string, payload: string): string {
  return `${shortHash(`${key}\n${payload}`)}\n${payload}`;
}

/** The payload of a sealed value, or null when it is missing or does not match its checksum. */
export function unseal(key: string, value: string | undefined): string | null {
  if (value === undefined || value.charAt(12) !== "\n") return null;
  const payload = value.slice(13);
  return shortHash(`${key}\n${payload}`) === value.slice(0, 12) ? payload : null;
}

/**
 * The head: a first line (format, options, counts), the documents by column (slugs,
 * ids, keys, record signatures, lengths, the table's order, the table's codes: a line
 * each, read without a line per document), then a line per shard (file name, size, term
 * count, signature). Keys are the callers' signatures or hashes (docKey): of any length,
 * without spaces.
 */
export function writeHead(head: Head<readonly HeadDoc[]>, kept: HeadLines | null): Written {
  const { docs, width } = head;
  let lines = kept;
  if (lines === null) {
    const keys: string[] = [];
    const sigs: string[] = [];
    const lengths: string[] = [];
    for (const d of docs) {
      keys.push(d.key);
      sigs.push(d.recordSig);
      lengths.push(d.lengthCode);
    }
    lines = {
      slugs: docs.map((d) => d.slug).join(" "),
      ids: docs.map((d) => encodeId(d.id, width)).join(""),
      order: head.order.map((k) => encodeId(k, width)).join(""),
      keys,
      sigs: sigs.join(""),
      lengths: lengths.join(""),
    };
  }
  const text = [
    `${FORMAT} ${head.target} ${width} ${head.sum} ${docs.length} ${head.shards.length}`,
    lines.slugs,
    lines.ids,
    lines.keys.join(" "),
    lines.sigs,
    lines.lengths,
    lines.order,
    head.table,
  ];
  for (const s of head.shards) text.push(`${shardName(s.key)} ${s.size} ${s.count} ${s.sig}`);
  return { value: seal(HEAD_KEY, text.join("\n")), lines };
}

/**
 * The document columns of a head, kept from the last head read or written: an edit
 * writes the lines only documents coming, going or moving change (slugs, ids, the
 * table's order) as they are, and patches its document's key, signature and length.
 */
export interface HeadLines {
  slugs: string;
  ids: string;
  order: string;
  /** In id order. */
  keys: string[];
  sigs: string;
  lengths: string;
}

/** Patch the columns of the document at `at` (in id order) to `doc`, its id the same. */
export function patchHeadLines(lines: HeadLines, at: number, doc: HeadDoc): void {
  lines.keys[at] = doc.key;
  lines.sigs = lines.sigs.slice(0, at * SIG) + doc.recordSig + lines.sigs.slice((at + 1) * SIG);
  lines.lengths = lines.lengths.slice(0, at) + doc.lengthCode + lines.lengths.slice(at + 1);
}
export interface Written {
  value: string;
  lines: HeadLines;
}

/** Lines of a head before its shards'. */
const DOC_LINES = 8;

/** The head, or null when it is missing, damaged or not one this version writes. */
export function readHead(
  value: string | undefined,
): (Head<HeadColumns> & { lines: HeadLines }) | null {
  const payload = unseal(HEAD_KEY, value);
  if (payload === null) return null;
  const lines = payload.split("\n");
  const first = (lines[0] as string).split(" ");
  const format = first.slice(0, -5).join(" ");
  const [target, width, sum, n, shardCount] = first.slice(-5).map(Number) as number[];
  if (format !== FORMAT || !isCount(target) || !isCount(width) || !isCount(n)) return null;
  if (
    !isCount(sum) ||
    !isCount(shardCount) ||
    (width as number) < 1 ||
    lines.length !== DOC_LINES + (shardCount as number)
  ) {
    return null;
  }
  const count = n as number;
  const w = width as number;
  const [, slugLine, idLine, keyLine, sigs, lengths, orderLine, table] = lines as string[];
  const slugs = count === 0 ? [] : (slugLine as string).split(" ");
  const keys = count === 0 ? [] : (keyLine as string).split(" ");
  if (slugs.length !== count || keys.length !== count) return null;
  if ((idLine as string).length !== count * w || (orderLine as string).length !== count * w)
    return null;
  if ((sigs as string).length !== count * SIG || (lengths as string).length !== count) return null;
  if ((table as string).length !== count * (w + 1)) return null;
  const ids = readNumbers(idLine as string, count, w);
  const order = readNumbers(orderLine as string, count, w);
  if (ids === null || order === null) return null;
  // Ids ascend (and so are distinct), each in the space; the order is each position once.
  const space = 64 ** w;
  const placed = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    const at = order[i] as number;
    if (!(id < space && (i === 0 || id > (ids[i - 1] as number)))) return null;
    if (at >= count || placed[at] === 1) return null;
    placed[at] = 1;
    if (slugs[i] === "" || keys[i] === "" || digit((lengths as string).charAt(i)) < 0) return null;
  }
  const shards: HeadShard[] = [];
  for (let i = DOC_LINES; i < lines.length; i++) {
    const [name, size, count, sig, ...rest] = (lines[i] as string).split(" ");
    const key = shardPrefix(name ?? "");
    if (rest.length > 0 || key === null || sig?.length !== SIG) return null;
    const last = shards.at(-1);
    if (last && !(last.key < key)) return null;
    const shard = { key, size: Number(size), count: Number(count), sig };
    if (!isCount(shard.size) || !isCount(shard.count) || shard.count === 0) return null;
    shards.push(shard);
  }
  const docs = { slugs, ids, keys, sigs: sigs as string, lengths: lengths as string };
  const kept = {
    slugs: slugLine as string,
    ids: idLine as string,
    order: orderLine as string,
    keys,
    sigs: sigs as string,
    lengths: lengths as string,
  };
  const head = {
    target: target as number,
    width: w,
    table: table as string,
    sum: sum as number,
    docs,
    order,
    shards,
    lines: kept,
  };
  return laidOut(head.target, shards) ? head : null;
}

/** `count` numbers of `width` alphabet characters each (encodeId's), or null when one is not. */
function readNumbers(text: string, count: number, width: number): number[] | null {
  const out: number[] = new Array(count);
  for (let i = 0, at = 0; i < count; i++) {
    let n = 0;
    for (let k = 0; k < width; k++, at++) {
      const d = digitAt(text, at);
      if (d < 0) return null;
      n = n * 64 + d;
    }
    out[i] = n;
  }
  return out;
}

/** Whether the shards are laid out as shardByPrefix lays out terms of their sizes and counts. */
function laidOut(target: number, shards: readonly HeadShard[]): boolean {
  const splits = splitsOf(shards);
  for (const [prefix, s] of splits) {
    if (!mustSplit(prefix, s.size, s.count, target)) return false;
  }
  for (const s of shards) {
    const fits = splits.has(s.key) ? s.count === 1 : !mustSplit(s.key, s.size, s.count, target);
    if (!fits) return false;
  }
  return true;
}

function isCount(n: number | undefined): boolean {
  return n !== undefined && Number.isSafeInteger(n) && n >= 0;
}
