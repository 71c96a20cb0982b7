/**
 * The warning for an article dated in the future: given when its file is checked, and
 * again by a build that finds its site up to date (which loads no parser: see keys.ts).
 */
import type { Problem } from "../shared/errors.js";
import type { Article } from "./parse.js";

/** The warning for an article dated after `now` (the clock, never used in output). */
export function futureWarning(
  a: Pick<Article, "file" | "date">,
  t: number | null,
  now?: number,
): Problem | null {
  if (t === null || now === undefined || t <= now) return null;
  return { file: a.file, message: `dated in the future (${a.date}); it is published now` };
}
