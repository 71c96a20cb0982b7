/**
 * The site's list pages as the build cache keeps them (core/site/site.ts StoredLists):
 * their key and each page's data with its articles named by slug, so that a build whose
 * lists key is the last one's (an edit of an article's body) makes no list page, and one
 * whose articles kept their places (a headline edited) makes only the pages showing it.
 */
import { restoreLists, type SiteLists, type StoredLists } from "../core/site/lists.js";

/** The cache key of the stored lists. */
export const LISTS = "lists";

const KINDS = new Set(["index", "article", "list", "terms", "notFound", "search"]);

/** The lists of a stored value; null when it is not one as storeLists writes it. */
export function readLists(text: string): SiteLists | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  return isStoredLists(v) ? restoreLists(v) : null;
}

function isStoredLists(v: unknown): v is StoredLists {
  const s = v as StoredLists;
  const isString = (x: unknown) => typeof x === "string";
  return (
    typeof v === "object" &&
    v !== null &&
    isString(s.key) &&
    isString(s.placesKey) &&
    isString(s.settings) &&
    Number.isSafeInteger(s.index) &&
    Array.isArray(s.pages) &&
    s.index >= 0 &&
    s.index <= s.pages.length &&
    s.pages.every(
      (p) =>
        typeof p === "object" &&
        p !== null &&
        KINDS.has(p.kind) &&
        isString(p.path) &&
        isString(p.sig) &&
        isString(p.root) &&
        isString(p.title) &&
        isString(p.heading) &&
        isString(p.description) &&
        (p.slugs === undefined || (Array.isArray(p.slugs) && p.slugs.every(isString))) &&
        (p.leadSlug === undefined || isString(p.leadSlug)),
    ) &&
    Array.isArray(s.teasers) &&
    s.teasers.every(isString) &&
    Array.isArray(s.termFeeds) &&
    s.termFeeds.every(
      (t) =>
        typeof t === "object" &&
        t !== null &&
        isString(t.page) &&
        isString(t.heading) &&
        Array.isArray(t.slugs) &&
        t.slugs.every(isString),
    )
  );
}
