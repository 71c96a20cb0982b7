/**
 * Handlebars helpers every template may use. Plain functions, cheap per call:
 * they run thousands of times per build.
 */

import type { Lang } from "../shared/strings.js";
import { formatCount, formatLongDate, STRINGS } from "../shared/strings.js";
import type { ImageVariant } from "../site/model.js";

type Options = { data?: { root?: { site?: { lang?: Lang } } } };

const langOf = (options: Options): Lang => options?.data?.root?.site?.lang ?? "uk";
/** Handlebars passes its options object last; strip it from variadic arguments. */
const values = (args: unknown[]) => args.slice(0, -1);

export const HELPERS: Record<string, (...args: never[]) => unknown> = {
  /** `{{#if (or a b)}}`: true when any argument is truthy. */
  or: (...args: unknown[]) => values(args).some(Boolean),
  /** `{{#if (and a b)}}`: true when every argument is truthy. */
  and: (...args: unknown[]) => values(args).every(Boolean),
  /** `{{#if (eq a b)}}`: strict equality. */
  eq: (a: unknown, b: unknown) => a === b,
  /** `{{formatDate article.datetime}}`: `24 листопада 2023` in the site's language. */
  formatDate: (iso: unknown, options: Options) =>
    typeof iso === "string" && /^\d{4}-\d{2}-\d{2}/.test(iso)
      ? formatLongDate(iso.slice(0, 10), langOf(options))
      : "",
  /** `{{count articles.length}}`: `5 статей`, `5 articles`. */
  count: (n: unknown, options: Options) =>
    typeof n === "number" ? formatCount(n, STRINGS[langOf(options)].articles, langOf(options)) : "",
  /**
   * `{{srcset photo.image.webp @root.page.root}}`: `../photos/a-480.webp 480w, …`, each
   * size's path relative to the page. Handlebars escapes the result in an attribute.
   */
  srcset: (variants: unknown, root: unknown) =>
    Array.isArray(variants)
      ? (variants as ImageVariant[])
          .map((v) => `${typeof root === "string" ? root : ""}${v.path} ${v.width}w`)
          .join(", ")
      : "",
};
