/**
 * Where an article's body ends and its related briefs begin. Pure: the lines
 * after the header block in, the three parts out, with the reasons.
 *
 * The format is positional (docs/format.md): body, a run of background bullets,
 * then briefs. Two things position alone cannot settle, and this module does:
 *   - a file without bullets may still end with briefs: the automatic split
 *     (auto.ts) scores each trailing line for how much it looks like a
 *     self-contained item about another story; a trailing block is briefs only if
 *     that evidence is clear and clearly stronger than the story's own lines show,
 *     and of the blocks that are, the one placed best wins (otherwise everything
 *     stays body: inventing briefs is the worse error);
 *   - a run of `- ` lines may be part of the body (interview questions, a list)
 *     when the text after it goes on with the story.
 * The author's `---` marker always wins. docs/format.md, "Where the briefs
 * begin", explains the method in two paragraphs.
 */
import { autoSplit, type LineSignals, MIN_BRIEFS, MIN_CONTRAST, MIN_MEAN, round } from "./auto.js";
import {
  BULLET,
  connective,
  hardContinuation,
  isSentence,
  quoteGoesOn,
  refersBack,
  type SourceLine,
} from "./lines.js";
import { contentStems, tokens } from "./words.js";

export type { LineSignals } from "./auto.js";
export { BULLET, type SourceLine } from "./lines.js";
export { contentStems, stem } from "./words.js";

/** `auto`: the automatic split (default); `positional`: the format's rules only. */
export const SPLIT_MODES = ["auto", "positional"] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

/** How the split was decided. */
export type SplitMethod = "positional" | "marker" | "auto";

/** Where and why the file was split; `Article.split`. */
export interface SplitInfo {
  method: SplitMethod;
  /** The file line where the briefs begin, or null when there are none. */
  line: number | null;
  /** One sentence: why the briefs begin there (or why there are none). */
  reason: string;
  /** Lines starting `- ` that were kept in the body (interview questions, lists). */
  dashBody: number[];
  /** The automatic split's evidence: every trailing line it scored, in file order. */
  signals: LineSignals[];
}

export interface SplitResult {
  body: string[];
  background: string[];
  related: string[];
  split: SplitInfo;
  /** Lines of a second (or later) `---` marker, which mean nothing. */
  ignoredMarkers: number[];
}

/** The author's explicit marker: everything after a line of three or more hyphens is briefs. */
export const BRIEFS_MARKER = /^-{3,}$/;

// ---------------------------------------------------------------------------
// Bullet runs inside the body

/** `[start, end)` of each maximal run of bullet lines. */
function bulletRuns(lines: SourceLine[], end: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < end; i++) {
    if (!BULLET.test((lines[i] as SourceLine).text)) continue;
    const start = i;
    while (i + 1 < end && BULLET.test((lines[i + 1] as SourceLine).text)) i++;
    runs.push([start, i + 1]);
  }
  return runs;
}

/** A speaker's name and a colon opening the line, as in an interview transcript (`Максим Коваль: «…`). */
const SPEAKER = /^\p{Lu}[\p{L}'’ʼ.-]*(?:\s+\p{Lu}[\p{L}'’ʼ.-]*){0,2}:\s/u;

/**
 * Line `i` visibly goes on from the text above: a fragment (no sentence end),
 * speech, a lowercase start, a connective, a reference back, a quotation carried
 * over, or a speaker's name and a colon.
 */
function goesOn(lines: SourceLine[], i: number): boolean {
  const text = (lines[i] as SourceLine).text;
  const previous = lines[i - 1]?.text;
  return (
    !isSentence(text) ||
    hardContinuation(text, previous) !== null ||
    connective(text) !== null ||
    refersBack(tokens(text.slice(0, 120), 4)) ||
    quoteGoesOn(text, previous) ||
    SPEAKER.test(text)
  );
}

/** Line `i` goes on from the run [start, end): visibly, or by sharing two content words with it. */
function answersRun(lines: SourceLine[], i: number, start: number, end: number): boolean {
  if (goesOn(lines, i)) return true;
  const run = new Set<string>();
  for (let k = start; k < end; k++)
    for (const w of contentStems((lines[k] as SourceLine).text)) run.add(w);
  let shared = 0;
  for (const w of contentStems((lines[i] as SourceLine).text)) if (run.has(w)) shared++;
  return shared >= 2;
}

// ---------------------------------------------------------------------------
// The split

/**
 * Split the lines after the header block into body, background and briefs.
 * `mode` `positional` applies the format's rules only (plus the marker).
 */
export function splitParts(
  headline: string,
  source: string | null,
  input: SourceLine[],
  mode: SplitMode,
  explain = false,
): SplitResult {
  // The first marker counts; later ones are ignored (and warned about by the caller).
  const lines: SourceLine[] = [];
  const ignoredMarkers: number[] = [];
  let marker: number | null = null;
  let markerLine: number | null = null;
  for (const l of input) {
    if (!BRIEFS_MARKER.test(l.text)) lines.push(l);
    else if (marker === null) {
      marker = lines.length;
      markerLine = l.line;
    } else ignoredMarkers.push(l.line);
  }
  const text = (from: number, to: number) => lines.slice(from, to).map((l) => l.text);
  const unbullet = (from: number, to: number) =>
    lines.slice(from, to).map((l) => l.text.replace(BULLET, ""));
  const result = (
    bodyEnd: number,
    related: number,
    split: Omit<SplitInfo, "line">,
  ): SplitResult => ({
    body: text(0, bodyEnd),
    background: unbullet(bodyEnd, related),
    related: text(related, lines.length),
    split: { ...split, line: related < lines.length ? (lines[related] as SourceLine).line : null },
    ignoredMarkers,
  });
  const dashLines = (from: number, to: number) =>
    lines
      .slice(from, to)
      .filter((l) => BULLET.test(l.text))
      .map((l) => l.line);

  if (mode === "positional") return positional(lines, marker, markerLine, ignoredMarkers);

  if (marker !== null) {
    // The author said where the briefs begin. A bullet run right before the marker is the
    // background; any other bullet line before it is body.
    let bg = marker;
    while (bg > 0 && BULLET.test((lines[bg - 1] as SourceLine).text)) bg--;
    return result(bg, marker, {
      method: "marker",
      reason: `the --- marker on line ${markerLine} starts the briefs`,
      dashBody: dashLines(0, bg),
      signals: [],
    });
  }

  // Which bullet run, if any, is the background?
  const runs = bulletRuns(lines, lines.length);
  const dashBody: number[] = [];
  for (const [k, [start, end]] of runs.entries()) {
    if (start === 0) {
      // Bullets before any body line: positional, nothing else makes sense.
      return result(0, end, {
        method: "positional",
        reason: `the background bullets from line ${(lines[start] as SourceLine).line} are followed by the briefs`,
        dashBody,
        signals: [],
      });
    }
    const story = inBody(lines, runs, k, headline, source);
    if (story === null) {
      return result(start, end, {
        method: "positional",
        reason:
          end < lines.length
            ? `every line after the background bullets (lines ${(lines[start] as SourceLine).line}–${(lines[end - 1] as SourceLine).line}) is a brief`
            : `the bullets at the end (from line ${(lines[start] as SourceLine).line}) are the background; no briefs`,
        dashBody,
        signals: [],
      });
    }
    dashBody.push(...dashLines(start, end));
  }

  // No background: the automatic split decides.
  const lastRun = runs[runs.length - 1];
  const auto = autoSplit(headline, source, lines, lastRun ? lastRun[1] : 1, explain);
  const start = auto.start ?? lines.length;
  const dashNote = dashBody.length > 0 ? `; the "- " lines are part of the body` : "";
  return result(start, start, {
    method: "auto",
    reason:
      auto.start === null
        ? auto.bounded
          ? `no trailing lines could show clear brief evidence, even at their most favourable: all body${dashNote}`
          : auto.signals.length === 0
            ? `no trailing block of ${MIN_BRIEFS}+ whole sentences that could be briefs: all body${dashNote}`
            : auto.unnamed
              ? `trailing lines show clear brief evidence, but no block that does names someone in a third of its lines ` +
                `(briefs name who or what they are about): all body${dashNote}`
              : `no trailing block shows clear brief evidence (${MIN_MEAN}+ a line and ${MIN_CONTRAST}+ more than ` +
                `the story's own lines, or above 0 a line and ${2 * MIN_CONTRAST}+ more; names in a third of its lines) ` +
                `and placing evidence above 0: all body${dashNote}`
        : `the last ${lines.length - start} lines show clear brief evidence, ${auto.evidence} ` +
          `(${round(auto.evidence / (lines.length - start))} a line${auto.yardstick === "apart" ? "" : ` against ${auto.typical}`} ${YARDSTICK[auto.yardstick]}), ` +
          `and of the blocks that do, they are placed best (placing evidence ${auto.placing}): ` +
          `they share little with the story and do not continue it` +
          namedNote(auto.namedStart, start, lines.length) +
          dashNote,
    dashBody,
    signals: auto.signals,
  });
}

/**
 * When the briefs do not name someone in a third of their lines: which block that does
 * showed the file has briefs (`namedStart`, shorter than the briefs or, with story lines
 * in it, longer), for the reason `inspect` shows.
 */
function namedNote(namedStart: number | undefined, start: number, n: number): string {
  if (namedStart === undefined) return "";
  const story = start - namedStart;
  const storyLines =
    story > 0 ? ` (the story's last ${story === 1 ? "line" : `${story} lines`} with them)` : "";
  return (
    `; fewer than a third of them name someone, but the last ${n - namedStart} lines${storyLines}, which do, ` +
    `pass the same tests and show that the file has briefs`
  );
}

/** What the block's brief evidence was compared with, for the reason `inspect` shows. */
const YARDSTICK = {
  lines: "for the story's own lines",
  lead: "for the sentences of the lead, the story's only paragraph",
  none: "taken for a story with no line to compare with",
  apart:
    "with no sentence of the story to compare with, but fewer than a third of these lines share a word with the headline or the story, and none opens with a connective",
} as const;

/**
 * Is the bullet run [start, end) part of the body? Returns null when it is the
 * background. A run at the very end is the background (unless it is an interview's
 * last question). Otherwise it is body when the text after it goes on with the story:
 *   (a) the file is an interview (two or more runs ask questions), or the run asks
 *       a question and the next line answers it;
 *   (b) the line before the run announces a list (ends with a colon) and the next
 *       line goes on, or another run follows and the next line goes on;
 *   (c) one of the next two lines visibly goes on, and the automatic split, taking
 *       the run as body, finds briefs only two or more lines after it.
 */
function inBody(
  lines: SourceLine[],
  runs: [number, number][],
  k: number,
  headline: string,
  source: string | null,
): true | null {
  const [start, end] = runs[k] as [number, number];
  const asking = runs.filter(([a, b]) => {
    for (let i = a; i < b; i++) {
      const t = (lines[i] as SourceLine).text;
      if (t.includes("?") && QUESTION.test(t)) return true;
    }
    return false;
  });
  const asks = asking.some(([a]) => a === start);
  // At the very end: the background, unless it is an interview's last question and answer.
  if (end >= lines.length) return asking.length >= 2 && asks ? true : null;
  if (asking.length >= 2 || (asks && answersRun(lines, end, start, end))) return true;
  const announced = lines[start - 1]?.text.endsWith(":") === true;
  if ((announced || runs[k + 1] !== undefined) && answersRun(lines, end, start, end)) return true;
  if (runs[k + 1] !== undefined) return null;
  // (c) needs two lines of story and a block of briefs after the run.
  if (lines.length - end < 2 + MIN_BRIEFS) return null;
  if (!goesOn(lines, end) && !goesOn(lines, end + 1)) return null;
  const auto = autoSplit(headline, source, lines, end, false);
  return auto.start !== null && auto.start - end >= 2 ? true : null;
}

/** A question: a question mark ending a sentence. */
const QUESTION = /\?[»"”)]*(?:\s|$)/;

/** The format's positional rules: body, the first bullet run, then briefs; the marker starts the briefs. */
function positional(
  lines: SourceLine[],
  marker: number | null,
  markerLine: number | null,
  ignoredMarkers: number[],
): SplitResult {
  const body: string[] = [];
  const background: string[] = [];
  const related: string[] = [];
  let part: "body" | "background" | "related" = "body";
  let relatedLine: number | null = null;
  for (const [i, l] of lines.entries()) {
    if (i === marker) part = "related";
    const bullet = BULLET.exec(l.text);
    if (part === "body" && bullet) part = "background";
    else if (part === "background" && !bullet) part = "related";
    if (part === "related" && relatedLine === null) relatedLine = l.line;
    if (part === "background") background.push(l.text.slice((bullet as RegExpExecArray)[0].length));
    else if (part === "related") related.push(l.text);
    else body.push(l.text);
  }
  const byMarker =
    marker !== null && (relatedLine === null || relatedLine >= (markerLine as number));
  const method: SplitMethod = byMarker ? "marker" : "positional";
  let reason: string;
  if (byMarker) reason = `the --- marker on line ${markerLine} starts the briefs`;
  else if (relatedLine !== null)
    reason = "every line after the background bullets is a brief (automatic split off)";
  else if (background.length > 0) reason = "the bullets at the end are the background; no briefs";
  else reason = "no bullets and no marker: everything is body (automatic split off)";
  return {
    body,
    background,
    related,
    split: { method, line: relatedLine, reason, dashBody: [], signals: [] },
    ignoredMarkers,
  };
}
