/**
 * One article file → what the build keeps of it: read, signed, decoded, parsed, checked
 * and viewed. The one algorithm for it, run on the main thread (an edit, watch) and on
 * worker threads (many files: read-workers.ts); so its result is plain data, which a
 * worker can post (no functions, no class instances), and an error the user can cause is
 * a value too (a file gone since it was listed is `gone`, thrown as SourceGone by the caller).
 */
import { type CheckOptions, checkArticleFile } from "../core/article/check.js";
import type { Article } from "../core/article/parse.js";
import { type PreparedDocument, prepareDocument } from "../core/search/search-index.js";
import type { Problem } from "../core/shared/errors.js";
import type { ArticleView, SiteOptions } from "../core/site/model.js";
import { articleView, searchArticle, siteArticleOf } from "../core/site/views.js";
import { displayPath, readSigned, SourceGone } from "../io/sources.js";

/** What reading an article needs besides its path: plain data, the same on every thread. */
export interface ReadSettings {
  cwd: string;
  check: CheckOptions;
  site: SiteOptions;
}

export type ReadOutcome =
  /** Removed since it was listed (ENOENT or ENOTDIR). */
  | { kind: "gone"; file: string; code: string }
  /** There, but not readable as a file. */
  | { kind: "unreadable"; file: string; problem: Problem }
  /** The very bytes the caller knew (`knownDigest`): nothing more was made. */
  | { kind: "same"; file: string; digest: string }
  | {
      kind: "read";
      file: string;
      digest: string;
      warnings: Problem[];
      problems: Problem[];
      /** With its view and search document when it parsed. */
      parsed: { article: Article; view: ArticleView; search: PreparedDocument } | null;
    };

/** Read the article file `full`; `knownDigest`: the signature of the bytes last read. */
export function readArticle(
  full: string,
  settings: ReadSettings,
  knownDigest?: string,
): ReadOutcome {
  let read: ReturnType<typeof readSigned>;
  try {
    read = readSigned(full, settings.cwd);
  } catch (error) {
    if (error instanceof SourceGone)
      return { kind: "gone", file: displayPath(full, settings.cwd), code: error.code };
    throw error;
  }
  if ("problem" in read) return { kind: "unreadable", file: read.file, problem: read.problem };
  const digest = read.digest;
  if (digest === knownDigest) return { kind: "same", file: read.file, digest };
  const { article, warnings, problems } = checkArticleFile(read.bytes, read.file, settings.check);
  if (!article) return { kind: "read", file: read.file, digest, warnings, problems, parsed: null };
  const view = articleView(article, settings.site);
  // Its search document too (the most work of an article after parsing), without the record:
  // the caller keeps the text, of which the record would be a second copy until written.
  const { record: _, ...search } = prepareDocument(searchArticle(siteArticleOf(article, view)));
  const parsed = { article, view, search };
  return { kind: "read", file: read.file, digest, warnings, problems, parsed };
}
