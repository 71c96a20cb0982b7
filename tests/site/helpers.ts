/**
 * What the site tests share besides tests/support: the address their sites are built for,
 * and the forms of time the feeds and sitemaps write.
 */

export const BASE_URL = "https://example.org/news/";
export const BASE_PATH = "/news/";

/** ISO 8601 date-time with a numeric offset (`2026-07-01T10:00:00+03:00`). */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Local `YYYY-MM-DDTHH:MM` of a UTC instant shifted by `offsetHours` (no DST in the range used). */
export function localStamp(ms: number, offsetHours: number): string {
  return new Date(ms + offsetHours * 3600_000).toISOString().slice(0, 16);
}
