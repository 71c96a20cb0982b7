/**
 * The automatic split: where, in a file without bullets or marker, the story ends and
 * the related briefs begin. docs/format.md, "Where the briefs begin", explains it.
 *
 * Each trailing line that could be a brief gets a score, the evidence that it is a
 * self-contained item about another story, from signals computed against the headline
 * and the text above it; the briefs are the trailing block with the most evidence, if
 * that evidence is clear and clearly stronger than the story's own lines show
 * (otherwise everything stays body: inventing briefs is the worse error).
 */
import {
  addressesReader,
  candidate,
  connective,
  hasName,
  quoteKind,
  refersBack,
  type SourceLine,
  sentenceCount,
} from "./split-lines.js";
import { contentStems, stemsOf, tokens } from "./split-words.js";

/**
 * Why one trailing line was, or was not, taken for a brief. Only lines that could be
 * briefs at all are shown: whole sentences of four or more words that do not
 * continue the line above (speech, a lowercase start, after a colon). `vistka inspect` shows them.
 */
export interface LineSignals {
  line: number;
  /** Brief evidence: the weighted sum of the signals below; above 0 leans brief, below 0 leans body. */
  score: number;
  /** Share of the line's content words that the headline or the text above uses. */
  overlap: number;
  /** Share used by the three lines just above. */
  recent: number;
  /** Share used by the line just above. */
  previous: number;
  /** Shares a content word with the headline. */
  headline: boolean;
  /** How many of the story's three most frequent content words the line uses. */
  keyWords: number;
  /** ln(1 + the number of distinct content words above): a long story shares words with anything. */
  storySize: number;
  /** The connective the line opens with (`Нагадаємо`, `However`), if any. */
  connective: string | null;
  /** A pronoun, `this`/`цей`, or `above`/`вище` among its first words: it refers back. */
  refersBack: boolean;
  /** `opens`: starts with a quotation mark; `attributed`: a quotation followed by who said it. */
  quote: "none" | "opens" | "attributed";
  /** Addresses the reader (`читайте`, `ви`, `you`). */
  reader: boolean;
  /** Names the article's own source (its `Джерело`/`Source` header). */
  namesSource: boolean;
  /** Has a capitalized word past its first (a name of someone or something); months and weekdays do not count. */
  names: boolean;
  sentences: number;
}

/** Fewer trailing lines than this are never split off automatically: one odd last line is a closing remark. */
export const MIN_BRIEFS = 2;
/** The automatic split looks at no more than this many trailing lines (it bounds the cost). */
const MAX_TAIL = 40;
/** A brief block must average at least this much brief evidence per line... */
export const MIN_MEAN = 1;
/** ...and this much more than the median line of the story above it. */
export const MIN_CONTRAST = 1;

/**
 * The brief evidence's weights. A line's score is their weighted sum; positive leans brief.
 * Set from a logistic fit on the lines of Ukrainian news files, rounded, and checked
 * on English ones; see docs/format.md.
 */
const W = {
  bias: -1.9,
  overlap: -0.7,
  /** Overlap counts for more the bigger the story... */
  overlapBySize: -1.2,
  /** ...and a bigger story makes an unrelated-looking line more likely a brief. */
  size: 1.2,
  recent: -1.4,
  previous: -1.0,
  headline: -0.7,
  keyWords: -0.7,
  connective: -2.4,
  refersBack: -1.0,
  reader: -1.0,
  namesSource: -0.9,
  quoteOpens: -0.7,
  quoteAttributed: -1.1,
  twoSentences: -2.0,
  threeSentences: -1.9,
} as const;

// ---------------------------------------------------------------------------
// The story above a line

interface Story {
  headline: Set<string>;
  /** How many lines above use each stem (the headline counts twice), and when it was first used. */
  df: Map<string, { n: number; order: number }>;
  /** The three most used stems, most used first; ties go to the one used first. */
  key: { w: string; n: number; order: number }[];
}

function newStory(headline: string): Story {
  const h = contentStems(headline);
  const story: Story = { headline: h, df: new Map(), key: [] };
  for (const w of h) add(story, w, 2);
  return story;
}

function add(story: Story, w: string, by: number): void {
  let e = story.df.get(w);
  if (e === undefined) {
    e = { n: 0, order: story.df.size };
    story.df.set(w, e);
  }
  e.n += by;
  const key = story.key;
  let at = -1;
  for (let i = 0; i < key.length; i++) if ((key[i] as { w: string }).w === w) at = i;
  if (at < 0) {
    const last = key[2];
    if (last !== undefined && !(e.n > last.n || (e.n === last.n && e.order < last.order))) return;
    key.push({ w, n: e.n, order: e.order });
    at = key.length - 1;
  } else (key[at] as { n: number }).n = e.n;
  // Move it up past every entry it now outranks.
  while (at > 0) {
    const a = key[at] as Story["key"][number];
    const b = key[at - 1] as Story["key"][number];
    if (!(a.n > b.n || (a.n === b.n && a.order < b.order))) break;
    key[at] = b;
    key[at - 1] = a;
    at--;
  }
  if (key.length > 3) key.length = 3;
}

function isKey(story: Story, w: string): boolean {
  for (const k of story.key) if (k.w === w) return true;
  return false;
}

function signalsOf(
  text: string,
  line: number,
  words: string[],
  stems: Set<string>,
  above: Set<string>[],
  story: Story,
  source: string | null,
): LineSignals {
  let used = 0;
  let recent = 0;
  let prev = 0;
  let inHeadline = false;
  let keyWords = 0;
  const p1 = above[above.length - 1];
  const p2 = above[above.length - 2];
  const p3 = above[above.length - 3];
  for (const w of stems) {
    if (story.df.has(w)) used++;
    if (p1?.has(w) || p2?.has(w) || p3?.has(w)) recent++;
    if (p1?.has(w)) prev++;
    if (story.headline.has(w)) inHeadline = true;
    if (isKey(story, w)) keyWords++;
  }
  const n = Math.max(stems.size, 1);
  const s: LineSignals = {
    line,
    score: 0,
    overlap: used / n,
    recent: recent / n,
    previous: prev / n,
    headline: inHeadline,
    keyWords,
    storySize: Math.log(story.df.size + 1),
    connective: connective(text),
    refersBack: refersBack(words),
    quote: quoteKind(text),
    reader: addressesReader(words),
    namesSource: source !== null && source.length >= 3 && text.includes(source),
    names: hasName(text),
    sentences: sentenceCount(text),
  };
  s.score = round(
    W.bias +
      W.overlap * s.overlap +
      W.overlapBySize * s.overlap * s.storySize +
      W.size * s.storySize +
      W.recent * s.recent +
      W.previous * s.previous +
      (s.headline ? W.headline : 0) +
      W.keyWords * s.keyWords +
      (s.connective ? W.connective : 0) +
      (s.refersBack ? W.refersBack : 0) +
      (s.reader ? W.reader : 0) +
      (s.namesSource ? W.namesSource : 0) +
      (s.quote !== "none" ? W.quoteOpens : 0) +
      (s.quote === "attributed" ? W.quoteAttributed : 0) +
      (s.sentences >= 2 ? W.twoSentences : 0) +
      (s.sentences >= 3 ? W.threeSentences : 0),
  );
  s.overlap = round(s.overlap);
  s.recent = round(s.recent);
  s.previous = round(s.previous);
  s.storySize = round(s.storySize);
  return s;
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

// ---------------------------------------------------------------------------
// The decision

export interface AutoResult {
  /** Index (into the lines) where the briefs begin, or null. */
  start: number | null;
  /** The evidence of the chosen block (0 when none)... */
  evidence: number;
  /** ...and the median brief evidence of the story's own lines it was compared with. */
  typical: number;
  signals: LineSignals[];
  /** Index of the first scored line. */
  from: number;
  /** Decided by the quick bound alone: no signals were computed. */
  bounded?: true;
}

/**
 * A quick bound, so that most files without briefs cost little: a block passes only if
 * its brief evidence averages MIN_MEAN or more, so its sum must be above 0. Every signal
 * of the brief evidence but the word overlap can only lower it, and a line's overlap with
 * the whole story is at least its overlap with the headline and the three lines above,
 * while the story has at most one content word per four characters. If even these most
 * favourable scores give no trailing block above zero, none can pass.
 */
function couldWin(headline: string, lines: SourceLine[], from: number): boolean {
  const n = lines.length;
  const h = contentStems(headline);
  let size = h.size;
  for (let k = 0; k < from - 3; k++)
    size += Math.floor(((lines[k] as SourceLine).text.length + 1) / 4);
  const stems: (Set<string> | undefined)[] = [];
  const stemsAt = (k: number) =>
    (stems[k] ??= k >= 0 ? contentStems((lines[k] as SourceLine).text) : new Set());
  let sum = 0;
  const bounds: number[] = [];
  for (let j = Math.max(0, from - 3); j < n; j++) {
    if (j >= from) {
      const S = stemsAt(j);
      const [p1, p2, p3] = [stemsAt(j - 1), stemsAt(j - 2), stemsAt(j - 3)];
      let near = 0;
      let recent = 0;
      let prev = 0;
      let inHeadline = false;
      for (const w of S) {
        const r = p1.has(w) || p2.has(w) || p3.has(w);
        if (r) recent++;
        if (r || h.has(w)) near++;
        if (p1.has(w)) prev++;
        if (h.has(w)) inHeadline = true;
      }
      const m = Math.max(S.size, 1);
      const L = Math.log(size + 1);
      const o = near / m;
      bounds.push(
        W.bias +
          W.overlap * o +
          L * Math.max(0, W.size + W.overlapBySize * o) +
          W.recent * (recent / m) +
          W.previous * (prev / m) +
          (inHeadline ? W.headline : 0) +
          0.01, // the scores are rounded to hundredths
      );
    }
    size += Math.floor(((lines[j] as SourceLine).text.length + 1) / 4);
  }
  for (let j = bounds.length - 1; j >= 0; j--) {
    sum += bounds[j] as number;
    if (bounds.length - j >= MIN_BRIEFS && sum > 0) return true;
  }
  return false;
}

/**
 * Score every line against the text above it, and take the trailing block of at
 * least MIN_BRIEFS candidate lines whose scores sum highest among the blocks that
 * pass the tests below; none passing, there are no briefs. The first line (the
 * lead) is always body; so are the first `bodyUpTo` lines. `explain` computes the
 * signals even where the quick bound (couldWin) already settles it.
 */
export function autoSplit(
  headline: string,
  source: string | null,
  lines: SourceLine[],
  bodyUpTo: number,
  explain: boolean,
): AutoResult {
  const n = lines.length;
  // The tail: trailing lines that could each be a brief (cheap checks only).
  let from = n;
  const floor = Math.max(bodyUpTo, 1, n - MAX_TAIL);
  while (from > floor && candidate(lines[from - 1]?.text as string, lines[from - 2]?.text)) from--;
  if (n - from < MIN_BRIEFS) return { start: null, evidence: 0, typical: 0, signals: [], from };
  if (!explain && !couldWin(headline, lines, from))
    return { start: null, evidence: 0, typical: 0, signals: [], from, bounded: true };
  // One pass: the story above each line, then the tail's signals.
  const story = newStory(headline);
  const above: Set<string>[] = [];
  const signals: LineSignals[] = [];
  /** Every line's score but the lead's: the story's own lines are the yardstick. */
  const scores: number[] = [];
  for (let j = 0; j < n; j++) {
    const { text, line } = lines[j] as SourceLine;
    const words = tokens(text);
    const stems = stemsOf(words);
    if (j >= 1) {
      const s = signalsOf(text, line, words, stems, above, story, source);
      if (j >= from) signals.push(s);
      scores[j] = s.score;
    }
    for (const w of stems) add(story, w, 1);
    above.push(stems);
  }
  // The block: the trailing run of lines with the most evidence that passes every test.
  let sum = 0;
  let named = 0;
  let best = 0;
  let bestTypical = 0;
  let start: number | null = null;
  for (let j = n - 1; j >= from; j--) {
    const s = signals[j - from] as LineSignals;
    sum += s.score;
    if (s.names) named++;
    const size = n - j;
    if (size < MIN_BRIEFS || sum <= best) continue;
    // Its first line does not open with a connective: that would continue the line above.
    if (s.connective !== null) continue;
    // Briefs name who or what they are about: at least a third of the lines name someone.
    if (named * 3 < size) continue;
    // Each line carries, on average, clear evidence...
    const mean = sum / size;
    if (mean < MIN_MEAN) continue;
    // ...and clearly more than the story's own lines do (a story whose every line looks
    // unrelated to the others, as short clean reports can, gives no contrast).
    // With nothing but the lead to compare with, the block has to make the contrast alone.
    const own = scores.slice(1, j).sort((a, b) => a - b);
    const typical = own.length > 0 ? (own[Math.floor(own.length / 2)] as number) : 2 * MIN_MEAN;
    if (mean - typical < MIN_CONTRAST) continue;
    best = sum;
    start = j;
    bestTypical = typical;
  }
  return { start, evidence: round(best), typical: round(bestTypical), signals, from };
}
