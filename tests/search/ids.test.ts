/**
 * Stable ids: when an update may give the articles that stay their old ids without
 * assigning every id again (search-index.ts, an addition or deletion found in place).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignIds, claimedOnTheWay, idSlot } from "../../src/core/search/ids.js";

/** Slugs in a space of 64 ids: many collisions, rounds and leftovers. */
const SPACE = 64;
const slugs = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: 1, maxLength: 60 });
const ids = (set: string[]) => assignIds(set, SPACE, (s) => idSlot(s, 0, SPACE));
const without = (m: Map<string, number>, slug: string) =>
  new Map([...m].filter(([s]) => s !== slug));

describe("article ids when one article comes or goes", () => {
  it("a deletion moves no other id when no other slug claimed its slot on the way", () => {
    let kept = 0;
    let moved = 0;
    fc.assert(
      fc.property(slugs, fc.nat(), (set, pick) => {
        const gone = set[pick % set.length] as string;
        const before = ids(set);
        const slot = before.get(gone) as number;
        const claimed = [...before].some(
          ([s, id]) => s !== gone && claimedOnTheWay(s, id, SPACE, slot),
        );
        const after = ids(set.filter((s) => s !== gone));
        const same =
          JSON.stringify([...after].sort()) === JSON.stringify([...without(before, gone)].sort());
        if (claimed) {
          if (!same) moved++;
        } else {
          kept++;
          expect(same).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // Both kinds happen: the check is what tells them apart.
    expect(kept).toBeGreaterThan(100);
    expect(moved).toBeGreaterThan(10);
  });

  it("an addition moves no other id when its first slot is no one's id, and takes it", () => {
    fc.assert(
      fc.property(slugs, fc.stringMatching(/^[a-z]{1,3}$/), (set, added) => {
        fc.pre(!set.includes(added));
        const before = ids(set);
        const home = idSlot(added, 0, SPACE);
        fc.pre(![...before.values()].includes(home));
        const after = ids([...set, added]);
        expect(after.get(added)).toBe(home);
        expect(JSON.stringify([...without(after, added)].sort())).toBe(
          JSON.stringify([...before].sort()),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
