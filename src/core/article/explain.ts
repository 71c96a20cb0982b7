/**
 * Where an article's briefs begin, and why, in a sentence an editor can act on: the
 * default explanation of `vistka inspect` (the split's own reason and its signals are
 * for `--verbose`).
 */
import type { Article } from "./parse.js";

/** What to write when the automatic split got it wrong. */
const MARKER_TIP =
  "If that is wrong, put a line of three hyphens (---) just before the first brief, or as the last line when there are none.";

/** One or two sentences: where the briefs begin and why, then what to do if that is wrong. */
export function explainSplit(a: Pick<Article, "split" | "background" | "related">): string {
  const s = a.split;
  if (!s) return "";
  const dash =
    s.dashBody.length > 0
      ? ` ${lineList(s.dashBody)} ${s.dashBody.length === 1 ? "starts" : "start"} with "- " but ${s.dashBody.length === 1 ? "stays" : "stay"} in the body, because the story goes on after ${s.dashBody.length === 1 ? "it" : "them"} (an interview or a list).`
      : "";
  const count = a.related.length === 1 ? "1 brief" : `${a.related.length} briefs`;
  if (s.method === "marker") {
    return s.line === null
      ? `No briefs: the --- line at the end says this article has none.${dash}`
      : `The briefs begin at line ${s.line}, after your --- line (${count}).${dash}`;
  }
  if (s.method === "positional") {
    if (s.line !== null)
      return `The briefs begin at line ${s.line}: every line after the background bullets is a brief (${count}).${dash}`;
    return a.background.length > 0
      ? `No briefs: the bullets at the end are the background.${dash}`
      : `No briefs: without bullets or a --- line, every line after the headers is body (the automatic split is off).${dash}`;
  }
  if (s.line !== null) {
    return (
      `The briefs begin at line ${s.line}: the last ${a.related.length === 1 ? "line reads" : `${a.related.length} lines read`} ` +
      `as short news about other stories, sharing little with the story above and not going on from it.${dash} ${MARKER_TIP}`
    );
  }
  return `No briefs: the last lines read as part of the story, not as short news about other stories.${dash} ${MARKER_TIP}`;
}

/** `Line 4`, `Lines 4 and 6`, `Lines 4, 6 and 9`. */
function lineList(lines: number[]): string {
  if (lines.length === 1) return `Line ${lines[0]}`;
  return `Lines ${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
}
