/** Pagination: a list split into pages at `<base>index.html`, `<base>page/N/index.html`. */

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
export function paginate<T>(items: readonly T[], size: number, base: string): PageSlice<T>[] {
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
