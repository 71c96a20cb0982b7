/**
 * Search, terms into shards: all terms in one file while they fit, else one file
 * per next letter of the terms, and so on. A term's shard depends on the term and
 * its neighbours only, so an edit rewrites the shards of the words it touched.
 *
 * Pure: no I/O.
 */

/** A shard is split by the next letter of its terms once it holds more than this many characters. */
export const SHARD_TARGET = 16_000;
/** Longest shard prefix: terms sharing this many letters stay together, however many. */
const SHARD_DEPTH = 10;

/** Whether the terms under `prefix` (`size` characters, `count` terms) are split into several shards. */
export function mustSplit(prefix: string, size: number, count: number, target: number): boolean {
  return size > target && count > 1 && prefix.length < SHARD_DEPTH;
}

/**
 * Terms (sorted) into shards by their beginning: all in one while they fit
 * SHARD_TARGET, else one shard per next letter, and so on. Yields [prefix, terms];
 * a term equal to a prefix that was split stays in that prefix's own shard.
 * `onSplit` is told every prefix that was split, with its size and term count.
 */
export function* shardByPrefix(
  terms: string[],
  sizeOf: (term: string) => number,
  prefix = "",
  onSplit?: (prefix: string, size: number, count: number) => void,
  target = SHARD_TARGET,
): Generator<[string, string[]]> {
  let size = 0;
  for (const t of terms) size += sizeOf(t);
  if (!mustSplit(prefix, size, terms.length, target)) {
    if (terms.length > 0) yield [prefix, terms];
    return;
  }
  onSplit?.(prefix, size, terms.length);
  const depth = prefix.length;
  if (terms[0] === prefix) yield [prefix, [prefix]];
  let group: string[] = [];
  for (const t of terms) {
    if (t.length === depth) continue;
    if (group.length > 0 && (group[0] as string)[depth] !== t[depth]) {
      yield* shardByPrefix(
        group,
        sizeOf,
        (group[0] as string).slice(0, depth + 1),
        onSplit,
        target,
      );
      group = [];
    }
    group.push(t);
  }
  if (group.length > 0)
    yield* shardByPrefix(group, sizeOf, (group[0] as string).slice(0, depth + 1), onSplit, target);
}

/** A shard's file name: its prefix as hex UTF-16 code units (`япі` → `44f-43f-456`), `all` for none. */
export function shardName(prefix: string): string {
  if (prefix === "") return "all";
  return [...prefix].map((c) => (c.codePointAt(0) as number).toString(16)).join("-");
}

/** The prefix of a shard's file name, or null when it is not one. */
export function shardPrefix(name: string): string | null {
  if (name === "all") return "";
  if (!/^[0-9a-f]{1,6}(?:-[0-9a-f]{1,6})*$/.test(name)) return null;
  try {
    const prefix = String.fromCodePoint(...name.split("-").map((h) => Number.parseInt(h, 16)));
    return shardName(prefix) === name ? prefix : null;
  } catch {
    return null;
  }
}

/**
 * The prefixes split to give shards with these keys (file order), each with the
 * size and term count under it: every beginning of a key shorter than it, and a
 * key that other keys extend (its shard holds the one term equal to it).
 */
export function splitsOf(shards: readonly { key: string; size: number; count: number }[]) {
  const splits = new Map<string, { size: number; count: number }>();
  for (const { key } of shards) {
    for (let k = 0; k < key.length; k++) splits.set(key.slice(0, k), { size: 0, count: 0 });
  }
  for (const { key, size, count } of shards) {
    for (let k = 0; k <= key.length; k++) {
      const split = splits.get(key.slice(0, k));
      if (split) {
        split.size += size;
        split.count += count;
      }
    }
  }
  return splits;
}
