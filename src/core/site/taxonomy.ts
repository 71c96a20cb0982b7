/**
 * Sources and tags: group articles under a name, each with a slug made from the
 * name alone (slug.ts's distinctSlug). Names whose slugs coincide (`Міська рада`
 * and `міська рада`) are one group, shown under its most used spelling; names that
 * differ in more than case, spacing and punctuation never share a slug.
 */
import { distinctSlug, fallbackSlug } from "../shared/slug.js";

export interface Term<T> {
  name: string;
  slug: string;
  items: T[];
}

/**
 * Group `items` by the names (with their slugs) `namesOf` gives each; items keep their order
 * within a group. Groups are sorted by name with the language's collation.
 */
export function groupByTerm<T>(
  items: readonly T[],
  namesOf: (item: T) => readonly { name: string; slug: string }[],
  locale: string,
): Term<T>[] {
  const groups = new Map<string, { items: T[]; spellings: Map<string, number> }>();
  for (const item of items) {
    for (const { name, slug } of namesOf(item)) {
      let g = groups.get(slug);
      if (!g) {
        g = { items: [], spellings: new Map() };
        groups.set(slug, g);
      }
      if (g.items[g.items.length - 1] !== item) g.items.push(item);
      g.spellings.set(name, (g.spellings.get(name) ?? 0) + 1);
    }
  }
  const collator = new Intl.Collator(locale);
  const terms: Term<T>[] = [];
  for (const [slug, g] of groups) {
    // The most used spelling; ties go to the first in collation order, so the choice is stable.
    const name = [...g.spellings].sort(
      (a, b) => b[1] - a[1] || collator.compare(a[0], b[0]),
    )[0]?.[0] as string;
    terms.push({ name, slug, items: g.items });
  }
  return terms.sort((a, b) => collator.compare(a.name, b.name) || (a.slug < b.slug ? -1 : 1));
}

const slugCache = new Map<string, string>();

/** The slug of a source or tag name (memoized: a site has few names, used thousands of times). */
export function termSlug(name: string): string {
  let slug = slugCache.get(name);
  if (slug === undefined) {
    slug = distinctSlug(name) || fallbackSlug(name);
    if (slugCache.size > 100_000) slugCache.clear();
    slugCache.set(name, slug);
  }
  return slug;
}
