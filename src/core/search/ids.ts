/**
 * Search, stable article ids. Posting lists name articles by a number, and a
 * number that moved whenever an older article came or went would rewrite every
 * shard holding the moved articles' words. So an article's id is a hash of its
 * slug into a fixed space of 64^width ids, with collisions settled by the slugs
 * themselves: it depends on the current set of slugs only, never on history or
 * order, and adding or deleting an article moves no other id unless the two
 * collide (rare: the space is kept at least four times the number of articles).
 *
 * Pure: no I/O.
 */

/** Rounds of re-hashing before the last few colliding slugs take the next free id. */
const ROUNDS = 8;

/** The id width (characters of 64 values) for `count` articles: at least `least`, the space ≥ 4 × count. */
export function idWidth(count: number, least: number): number {
  let width = Math.max(1, least);
  while (64 ** width < 4 * count) width++;
  return width;
}

/** Where `slug` would go in round `round`, in a space of `space` ids (a power of two). */
export function idSlot(slug: string, round: number, space: number): number {
  // FNV-1a over the UTF-16 code units, the round mixed in, then murmur3's finaliser.
  let h = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) h = Math.imul(h ^ slug.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ round, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % space;
}

/**
 * The id of every slug. Round by round, each slug not yet placed claims its slot
 * for that round; a slot taken in an earlier round is lost, and of several claims
 * on a free slot the smallest slug wins. A function of the set: the order the
 * slugs come in does not matter. `home(slug)` is `idSlot(slug, 0, space)`, cached by the caller.
 */
export function assignIds(
  slugs: Iterable<string>,
  space: number,
  home: (slug: string) => number,
): Map<string, number> {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  let remaining = [...slugs];
  for (let round = 0; round < ROUNDS && remaining.length > 0; round++) {
    const slot = round === 0 ? home : (s: string) => idSlot(s, round, space);
    const claims = new Map<number, string>();
    for (const s of remaining) {
      const c = slot(s);
      if (taken.has(c)) continue;
      const other = claims.get(c);
      if (other === undefined || s < other) claims.set(c, s);
    }
    const next: string[] = [];
    for (const s of remaining) {
      const c = slot(s);
      if (claims.get(c) === s) ids.set(s, c);
      else next.push(s);
    }
    for (const c of claims.keys()) taken.add(c);
    remaining = next;
  }
  remaining.sort();
  for (const s of remaining) {
    let c = idSlot(s, ROUNDS, space);
    while (taken.has(c)) c = (c + 1) % space;
    taken.add(c);
    ids.set(s, c);
  }
  return ids;
}

/**
 * Whether `slug`, placed at `id`, claimed `slot` on its way there (a round's slot it
 * lost, or a taken slot it probed past). Only such a slug can move when the article at
 * `slot` is deleted: the others' claims never touched it, so assignIds gives them the
 * same ids without it.
 */
export function claimedOnTheWay(slug: string, id: number, space: number, slot: number): boolean {
  for (let round = 0; round < ROUNDS; round++) {
    const c = idSlot(slug, round, space);
    if (c === id) return false;
    if (c === slot) return true;
  }
  // A leftover: it probed from its last slot up to its id, past taken ones.
  for (let c = idSlot(slug, ROUNDS, space); c !== id; c = (c + 1) % space) {
    if (c === slot) return true;
  }
  return false;
}
