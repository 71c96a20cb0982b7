/**
 * One article file's bytes → its article, warnings and problems: decode, parse, and the
 * checks of one article on its own (no source, a date in the future). `build`, `watch` (both
 * through SiteBuilder) and `inspect` all ask this, so they say the same things of a file.
 */
import { instantOf } from "../shared/dates.js";
import type { Problem } from "../shared/errors.js";
import { decodeSource } from "./decode.js";
import { futureWarning } from "./future.js";
import { type Article, type ParseOptions, parseArticle } from "./parse.js";

export interface CheckOptions extends Omit<ParseOptions, "warnNoSource"> {
  /** Warn about an article without a source (the config's `warnings.noSource`; default on). */
  noSource?: boolean;
  /**
   * The clock, for the future-date warning; none, no such warning. A build leaves it out:
   * its per-file results are kept across builds (the cache), and a date in the future
   * stops being one as time passes, so the site stage gives that warning (site.ts), from
   * the same `futureWarning`.
   */
  now?: number;
  /** The site's time zone, for dates without an offset (the future date with `now`, an early update). */
  timeZone?: string;
  /** Drafts are published (`--drafts`): only then is a draft's future date worth a warning. */
  drafts?: boolean;
}

export interface CheckedFile {
  /** The article, its `warnings` all of the file's; null when a problem stops it. */
  article: Article | null;
  /** The file's warnings: decoding first, then parsing, then the article's checks. */
  warnings: Problem[];
  problems: Problem[];
}

/** Decode, parse and check one article file (`file` is the path shown in messages). */
export function checkArticleFile(
  bytes: Uint8Array,
  file: string,
  options: CheckOptions = {},
): CheckedFile {
  const decoded = decodeSource(bytes, file);
  if (!decoded.ok) return { article: null, warnings: [], problems: [decoded.problem] };
  const { noSource, now, timeZone, drafts, ...parseOptions } = options;
  const parsed = parseArticle(decoded.text, file, {
    ...parseOptions,
    ...(timeZone === undefined ? {} : { timeZone }),
    warnNoSource: noSource !== false,
  });
  if (!parsed.ok) return { article: null, warnings: decoded.warnings, problems: parsed.problems };
  const warnings = [...decoded.warnings, ...parsed.article.warnings];
  const { date, draft } = parsed.article;
  if (now !== undefined && timeZone !== undefined && date !== null && (drafts || !draft)) {
    const future = futureWarning(parsed.article, instantOf(date, timeZone), now);
    if (future) warnings.push(future);
  }
  return { article: { ...parsed.article, warnings }, warnings, problems: [] };
}

export { futureWarning };
