/** Types of bench/hugo.js (plain JavaScript, run by `npm run bench`), for the tests that use it. */

/** A vistka article as Hugo content: JSON front matter, then the body as Markdown. */
export function articleToMarkdown(text: string, fileName: string): string;
/** Make `siteDir` a Hugo site of the articles in `articlesDir`; returns how many articles. */
export function writeHugoSite(articlesDir: string, siteDir: string): number;
/** `hugo version`'s line, or null when there is no `hugo` on PATH. */
export function hugoVersion(): string | null;
/** One timed Hugo build of `siteDir` into a fresh `dest`: wall time, peak RSS (null if unknown). */
export function hugoBuild(siteDir: string, dest: string): { ms: number; maxRssKb: number | null };
/** Hugo's figures from several builds: median time, largest RSS, what the last one wrote. */
export function hugoFigures(
  runs: { ms: number; maxRssKb: number | null }[],
  dest: string,
): HugoFigures;
/** Hugo's cold build of `siteDir` into `dest`: median wall time of `rounds` after a warm-up. */
export function timeHugo(siteDir: string, dest: string, rounds?: number): HugoFigures;
export interface HugoFigures {
  ms: number;
  maxRssKb: number | null;
  runs: number[];
  files: number;
  bytes: number;
}
