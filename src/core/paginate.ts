/**
 * Paths and pagination. Every page lives at `…/index.html` (or a top-level
 * `.html`), links between pages are relative, and each page knows the prefix
 * (`../../`) that leads from it back to the site root.
 */

/** One page of a paginated list. */
export interface PageSlice<T> {
  /** 1-based page number. */
  number: number;
  total: number;
  items: T[];
  /** Output path from the site root. */
  path: string;
  /** Path of the previous and next page, when there is one. */
  prev: string | null;
  next: string | null;
}

/**
 * Split `items` into pages of `size`: the first at `<base>index.html`, the
 * rest at `<base>page/N/index.html`. An empty list still gets its first page.
 */
export function paginate<T>(items: T[], size: number, base: string): PageSlice<T>[] {
  const total = Math.max(1, Math.ceil(items.length / size));
  const pathOf = (n: number) => (n === 1 ? `${base}index.html` : `${base}page/${n}/index.html`);
  const pages: PageSlice<T>[] = [];
  for (let n = 1; n <= total; n++) {
    pages.push({
      number: n,
      total,
      items: items.slice((n - 1) * size, n * size),
      path: pathOf(n),
      prev: n > 1 ? pathOf(n - 1) : null,
      next: n < total ? pathOf(n + 1) : null,
    });
  }
  return pages;
}

/** The relative prefix from a page at `path` back to the site root: `""`, `../`, `../../` … */
export function rootFor(path: string): string {
  let depth = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) depth++;
  return "../".repeat(depth);
}

/** The public URL path of a page: `a/index.html` → `a/`, `index.html` → ``, `404.html` stays. */
export function prettyPath(path: string): string {
  return path === "index.html" ? "" : path.endsWith("/index.html") ? path.slice(0, -10) : path;
}
