/**
 * Search, the index as kept in the build cache (a `Store`), so that a new process
 * continues from the last build's index instead of making it again:
 *
 *   search/head        a small eager part: the options, every document's slug, key,
 *                      record signature and length, every shard's prefix, size, term
 *                      count and signature; with a checksum
 *   search/s/<name>    a shard's entries, exactly as its file holds them
 *   search/d/<slug>    a document's key and its terms with their counts; with a checksum
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
import { digit, encodeId } from "./postings.js";
import { mustSplit, shardName, shardPrefix, splitsOf } from "./shards.js";

/** The stored index is missing a part, or a part does not match the rest: it cannot be used. */
export class SearchStoreError extends Error {}

export const HEAD_KEY = "search/head";
/** The store key of a shard, by its file name. */
export const shardStoreKey = (name: string) => `search/s/${name}`;
/** The store key of a document's terms, by its slug. */
export const docStoreKey = (slug: string) => `search/d/${slug}`;
/** What a head begins with: the layout of the store, and of the documents' analysis. */
const FORMAT = `vistka-search-store 1 ${ANALYSIS}`;

export interface HeadDoc {
  slug: string;
  id: number;
  key: string;
  recordSig: string;
  lengthCode: string;
}
export interface HeadShard {
  key: string;
  size: number;
  count: number;
  sig: string;
}
export interface Head {
  target: number;
  width: number;
  /** In id order. */
  docs: readonly HeadDoc[];
  /** In file (key) order. */
  shards: readonly HeadShard[];
}

/** Characters of a document key (hash64) and of a record signature (shortHash). */
const KEY = 16;
const SIG = 12;

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
 * ids, keys, record signatures, lengths: a line each, read without a line per document),
 * then a line per shard (file name, size, term count, signature).
 */
export function writeHead(head: Head): string {
  const { docs } = head;
  const lines = [
    `${FORMAT} ${head.target} ${head.width} ${docs.length} ${head.shards.length}`,
    docs.map((d) => d.slug).join(" "),
    docs.map((d) => encodeId(d.id, head.width)).join(""),
    docs.map((d) => d.key).join(""),
    docs.map((d) => d.recordSig).join(""),
    docs.map((d) => d.lengthCode).join(""),
  ];
  for (const s of head.shards) lines.push(`${shardName(s.key)} ${s.size} ${s.count} ${s.sig}`);
  return seal(HEAD_KEY, lines.join("\n"));
}

/** The head, or null when it is missing, damaged or not one this version writes. */
export function readHead(value: string | undefined): Head | null {
  const payload = unseal(HEAD_KEY, value);
  if (payload === null) return null;
  const lines = payload.split("\n");
  const first = (lines[0] as string).split(" ");
  const format = first.slice(0, -4).join(" ");
  const [target, width, n, shardCount] = first.slice(-4).map(Number) as number[];
  if (format !== FORMAT || !isCount(target) || !isCount(width) || !isCount(n)) return null;
  if (
    !isCount(shardCount) ||
    (width as number) < 1 ||
    lines.length !== 6 + (shardCount as number)
  ) {
    return null;
  }
  const count = n as number;
  const w = width as number;
  const slugs = count === 0 ? [] : (lines[1] as string).split(" ");
  const [, , ids, keys, sigs, lengths] = lines as string[];
  if (slugs.length !== count || (ids as string).length !== count * w) return null;
  if ((keys as string).length !== count * KEY || (sigs as string).length !== count * SIG)
    return null;
  if ((lengths as string).length !== count) return null;
  const docs: HeadDoc[] = [];
  const space = 64 ** w;
  let last = -1;
  for (let i = 0; i < count; i++) {
    let id = 0;
    for (let k = 0; k < w; k++) id = id * 64 + digit((ids as string).charAt(i * w + k));
    const lengthCode = (lengths as string).charAt(i);
    // Ids ascend (and so are distinct), each in the space; every character was an alphabet one.
    if (!(id > last && id < space) || digit(lengthCode) < 0 || slugs[i] === "") return null;
    last = id;
    docs.push({
      slug: slugs[i] as string,
      id,
      key: (keys as string).slice(i * KEY, (i + 1) * KEY),
      recordSig: (sigs as string).slice(i * SIG, (i + 1) * SIG),
      lengthCode,
    });
  }
  const shards: HeadShard[] = [];
  for (let i = 6; i < lines.length; i++) {
    const [name, size, count, sig, ...rest] = (lines[i] as string).split(" ");
    const key = shardPrefix(name ?? "");
    if (rest.length > 0 || key === null || sig?.length !== SIG) return null;
    const last = shards.at(-1);
    if (last && !(last.key < key)) return null;
    const shard = { key, size: Number(size), count: Number(count), sig };
    if (!isCount(shard.size) || !isCount(shard.count) || shard.count === 0) return null;
    shards.push(shard);
  }
  const head = { target: target as number, width: w, docs, shards };
  return laidOut(head) ? head : null;
}

/** Whether the shards are laid out as shardByPrefix lays out terms of their sizes and counts. */
function laidOut(head: Head): boolean {
  const splits = splitsOf(head.shards);
  for (const [prefix, s] of splits) {
    if (!mustSplit(prefix, s.size, s.count, head.target)) return false;
  }
  for (const s of head.shards) {
    const fits = splits.has(s.key)
      ? s.count === 1
      : !mustSplit(s.key, s.size, s.count, head.target);
    if (!fits) return false;
  }
  return true;
}

function isCount(n: number | undefined): boolean {
  return n !== undefined && Number.isSafeInteger(n) && n >= 0;
}
