/**
 * The automatic split: where, in a file without bullets or marker, the story ends and
 * the related briefs begin. docs/format.md, "Where the briefs begin", explains it.
 *
 * Every line after the lead gets its signals, computed against the headline and the
 * text above it, and two weighted sums of them:
 *   - `score`, the brief evidence: does this line, on its own, look like a brief?
 *     It decides WHETHER there are briefs: a block must show clear evidence, clearly
 *     more than the story's own lines show (so a story whose lines all look alike stays
 *     whole), and one such block, placed above 0, must name someone in a third of
 *     its lines;
 *   - `placing`: the weights that best tell, from the same signals plus the line's
 *     length, a new name and the line before it, where the briefs begin. Among the
 *     blocks that pass, it decides WHERE: the one whose placing adds up highest.
 * Inventing briefs is the worse error: when in doubt, everything stays body.
 */
import {
  addressesReader,
  candidate,
  capitalizedWords,
  closesStory,
  connective,
  firstWord,
  hasName,
  quoteKind,
  refersBack,
  type SourceLine,
  sentenceCount,
  sentencesOf,
} from "./lines.js";
import {
  APOSTROPHES,
  abbreviationCount,
  contentStems,
  stemOfWord,
  stemsOf,
  tokens,
  withAbbreviations,
} from "./words.js";

/**
 * Why one trailing line was, or was not, taken for a brief. Only lines that could be
 * briefs at all are shown: whole sentences of four or more words that do not
 * continue the line above (speech, a lowercase start, after a colon). `vistka inspect` shows them.
 */
export interface LineSignals {
  line: number;
  /** Brief evidence: the weighted sum of the signals below; above 0 leans brief, below 0 leans body. */
  score: number;
  /** Placing evidence: the same signals weighted to tell where the briefs begin; above 0 leans brief. */
  placing: number;
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
  /** How many words the line has. */
  words: number;
  /** One of its names (a capitalized word past the first) is new to the story above. */
  newName: boolean;
  /** The line above closes a story: it recalls earlier news (`Нагадаємо`, `Раніше`) or addresses the reader. */
  afterCloser: boolean;
}

/** Fewer trailing lines than this are never split off automatically: one odd last line is a closing remark. */
export const MIN_BRIEFS = 2;
/** The automatic split looks at no more than this many trailing lines (it bounds the cost). */
const MAX_TAIL = 40;
/**
 * A brief block must average at least this much brief evidence per line (or, standing out
 * from the story twice as clearly, just above 0: see clearEvidence)...
 */
export const MIN_MEAN = 1;
/**
 * ...and this much more than the median line of the story above it. (1.5 rather than 1:
 * with every paragraph of the corpus stories split into single sentences, the plain
 * ones still stay whole at least as often as they did before the placing score.)
 */
export const MIN_CONTRAST = 1.5;
/**
 * A story with no sentence to compare a block with (a one-sentence lead, perhaps a list
 * after it) gives no yardstick. A block of at least this many lines that averages MIN_MEAN
 * is briefs all the same when it stands apart from the story (see standsApart): a story's
 * own lines, however short and plain, come back to its topic or go on from one another.
 */
export const MIN_APART = 3;

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

/**
 * The placing weights, fitted as a whole for the decision "where do the briefs begin":
 * the weights under which the true split of each file is the most likely one, the block
 * whose sum is highest (or none, when no sum is above 0). Fitted on the corpus files that
 * have bullets, with the bullets taken out, so the files without bullets, on which the
 * split is measured, played no part; rounded to one decimal.
 */
const P = {
  bias: -0.3,
  overlap: -1.1,
  overlapBySize: -0.9,
  size: 1.0,
  recent: -1.2,
  previous: -1.0,
  headline: -0.8,
  keyWords: -0.4,
  connective: -2.9,
  reader: -1.5,
  namesSource: -1.9,
  twoSentences: -1.3,
  threeSentences: -1.7,
  /** Per ln(words): a brief is one sentence of news, rarely a long one. */
  logWords: -0.7,
  newName: 0.4,
  afterCloser: 1.3,
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

/** Some capitalized word past the first is one the story above has never used. */
function namesNew(text: string, story: Story): boolean {
  for (const w of capitalizedWords(text)) {
    const s = stemOfWord(w.replace(APOSTROPHES, ""));
    if (s !== "" && !story.df.has(s)) return true;
  }
  return false;
}

interface Previous {
  text: string;
  words: string[];
}

function signalsOf(
  text: string,
  line: number,
  words: string[],
  stems: Set<string>,
  above: Set<string>[],
  story: Story,
  source: string | null,
  /** The line above (undefined for the lead): does it close a story? */
  previous: Previous | undefined,
  /** Compute the placing evidence too: only the tail needs it; the story's own lines are the yardstick of the brief evidence. */
  placing: boolean,
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
    placing: 0,
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
    words: words.length,
    newName: placing && namesNew(text, story),
    afterCloser: placing && previous !== undefined && closesStory(previous.text, previous.words),
  };
  const f = features(s);
  s.score = round(weigh(W, f));
  if (placing) s.placing = round(weigh(P, f));
  s.overlap = round(s.overlap);
  s.recent = round(s.recent);
  s.previous = round(s.previous);
  s.storySize = round(s.storySize);
  return s;
}

/** The signals of a line as numbers, by the names the weights W and P use (a yes is 1). */
type Features = Record<keyof typeof W | keyof typeof P, number>;

function features(s: LineSignals): Features {
  return {
    bias: 1,
    overlap: s.overlap,
    overlapBySize: s.overlap * s.storySize,
    size: s.storySize,
    recent: s.recent,
    previous: s.previous,
    headline: s.headline ? 1 : 0,
    keyWords: s.keyWords,
    connective: s.connective ? 1 : 0,
    refersBack: s.refersBack ? 1 : 0,
    reader: s.reader ? 1 : 0,
    namesSource: s.namesSource ? 1 : 0,
    quoteOpens: s.quote !== "none" ? 1 : 0,
    quoteAttributed: s.quote === "attributed" ? 1 : 0,
    twoSentences: s.sentences >= 2 ? 1 : 0,
    threeSentences: s.sentences >= 3 ? 1 : 0,
    logWords: Math.log(Math.max(s.words, 1)),
    newName: s.newName ? 1 : 0,
    afterCloser: s.afterCloser ? 1 : 0,
  };
}

/** A weighted sum of the features, in the order the weights are listed. */
function weigh(weights: Partial<Features>, f: Features): number {
  let sum = 0;
  for (const [name, w] of Object.entries(weights) as [keyof Features, number][]) {
    sum += w * f[name];
  }
  return sum;
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

// ---------------------------------------------------------------------------
// The decision

export interface AutoResult {
  /** Index (into the lines) where the briefs begin, or null. */
  start: number | null;
  /** The chosen block's brief evidence (0 when none)... */
  evidence: number;
  /** ...its placing evidence... */
  placing: number;
  /** ...and the median brief evidence of the story's own lines it was compared with... */
  typical: number;
  /**
   * ...which were the story's lines, the sentences of its lead (a story of one paragraph),
   * or none (2 × MIN_MEAN is taken); `apart`: none, and the block stands apart from the
   * story (see MIN_APART).
   */
  yardstick: "lines" | "lead" | "none" | "apart";
  /**
   * When the chosen block does not name someone in a third of its lines itself: where the
   * shortest block that does (and passed, placed above 0) begins. It shows the file has
   * briefs; it may be shorter than the chosen block or longer (a named story line in it).
   */
  namedStart?: number;
  /** No briefs, though a block passed the evidence tests: none that did named someone. */
  unnamed?: true;
  signals: LineSignals[];
  /** Index of the first scored line. */
  from: number;
  /** Decided by the quick bound alone: no signals were computed. */
  bounded?: true;
}

/**
 * Does a block whose lines average `mean` brief evidence stand out clearly enough from a
 * story whose median line has `typical`? Either each line carries clear evidence on average
 * (MIN_MEAN) and MIN_CONTRAST more than the story's lines, or the lines lean brief only on
 * balance (above 0) and stand out by twice that contrast. The second case is briefs that
 * share a common word or two with a long story (a place, a country), after a story whose
 * own lines all clearly lean body: on their own they look only weakly like briefs, but the
 * story never looks like them.
 */
export function clearEvidence(mean: number, typical: number): boolean {
  if (mean <= 0) return false;
  return mean - typical >= (mean >= MIN_MEAN ? MIN_CONTRAST : 2 * MIN_CONTRAST);
}

/**
 * The brief evidence of each sentence of a paragraph but the first, each scored against
 * the headline and the sentences before it, as the story's lines are: the yardstick of a
 * story that is only its lead (one long paragraph, then the briefs).
 */
function sentenceScores(headline: string, source: string | null, paragraph: string): number[] {
  const scores: number[] = [];
  const sentences = sentencesOf(paragraph).map((text) => ({ text, line: 0 }));
  readStory(headline, source, sentences, Number.POSITIVE_INFINITY, (_, s) => {
    scores.push(s.score);
  });
  return scores;
}

/**
 * Read `lines` in order as one story under `headline`: each line but the first gets its
 * signals against the headline and the lines above it (`each`), the lines from
 * `placingFrom` on with the placing evidence too. Returns the whole story and every
 * line's stems.
 */
function readStory(
  headline: string,
  source: string | null,
  lines: readonly SourceLine[],
  placingFrom: number,
  each: (j: number, s: LineSignals) => void,
): { story: Story; above: Set<string>[] } {
  const story = newStory(headline);
  const above: Set<string>[] = [];
  let previous: Previous | undefined;
  for (const [j, { text, line }] of lines.entries()) {
    const words = tokens(text);
    const stems = withAbbreviations(text, stemsOf(words));
    if (j >= 1)
      each(
        j,
        signalsOf(text, line, words, stems, above, story, source, previous, j >= placingFrom),
      );
    for (const w of stems) add(story, w, 1);
    above.push(stems);
    previous = { text, words };
  }
  return { story, above };
}

/**
 * At most how many distinct content words a line has: a word of three or more letters and a
 * space take four characters, a two-letter abbreviation and a space three.
 */
function mostWords(text: string): number {
  return Math.floor((text.length + 1 + abbreviationCount(text)) / 4);
}

/**
 * A quick bound, so that most files without briefs cost little: a block passes only if
 * its brief evidence averages above 0 (clearEvidence), so its sum must be above 0. Every signal
 * of the brief evidence but the word overlap can only lower it, and a line's overlap with
 * the whole story is at least its overlap with the headline, the lead and the lines from
 * three above the tail on, while the story has no more content words than mostWords allows.
 * If even these most favourable scores give no trailing block above zero, none can pass.
 */
function couldWin(headline: string, lines: SourceLine[], from: number): boolean {
  const n = lines.length;
  const h = contentStems(headline);
  let size = h.size;
  for (let k = 0; k < from - 3; k++) size += mostWords((lines[k] as SourceLine).text);
  const stems: (Set<string> | undefined)[] = [];
  const stemsAt = (k: number) =>
    (stems[k] ??= k >= 0 ? contentStems((lines[k] as SourceLine).text) : new Set());
  let sum = 0;
  const bounds: number[] = [];
  // Words the story above surely has: the headline's, the lead's, and those of every line
  // looked at here.
  const seen = new Set(h);
  for (const w of stemsAt(0)) seen.add(w);
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
        if (r || seen.has(w)) near++;
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
    size += mostWords((lines[j] as SourceLine).text);
    for (const w of stemsAt(j)) seen.add(w);
  }
  for (let j = bounds.length - 1; j >= 0; j--) {
    sum += bounds[j] as number;
    if (bounds.length - j >= MIN_BRIEFS && sum > 0) return true;
  }
  return false;
}

/**
 * Does the block from line `j` on stand apart from the story above it? Fewer than a third
 * of its lines share a content word with the headline or a line above `j` (briefs share
 * a country or an institution with a story now and then; a story's own lines come back
 * to its topic), and none opens with a connective (`а`, `бо`, `втім`: it goes on from the
 * line above).
 */
function standsApart(
  headline: Set<string>,
  stems: Set<string>[],
  signals: LineSignals[],
  from: number,
  j: number,
): boolean {
  const topic = new Set(headline);
  for (let k = 0; k < j; k++) for (const w of stems[k] as Set<string>) topic.add(w);
  let sharing = 0;
  for (let k = j; k < stems.length; k++) {
    if ((signals[k - from] as LineSignals).connective !== null) return false;
    for (const w of stems[k] as Set<string>)
      if (topic.has(w)) {
        sharing++;
        break;
      }
  }
  return sharing * 3 < stems.length - j;
}

/**
 * A line's first word is capitalized anyway; it names someone when the file capitalizes it
 * inside a sentence too ("Україна …" after "… проти України"). Marks the tail's `signals`
 * (from line `from` on) that name someone so.
 */
function namedByFirstWord(lines: SourceLine[], from: number, signals: LineSignals[]): void {
  /** The stems of the words the file capitalizes inside a sentence: names. */
  const proper = new Set<string>();
  for (const { text } of lines)
    for (const w of capitalizedWords(text)) proper.add(stemOfWord(w.replace(APOSTROPHES, "")));
  proper.delete("");
  for (const [k, s] of signals.entries()) {
    if (s.names) continue;
    const first = firstWord((lines[from + k] as SourceLine).text);
    if (first !== null && proper.has(stemOfWord(first.replace(APOSTROPHES, "")))) s.names = true;
  }
}

/**
 * Score every line against the text above it; among the trailing blocks of at least
 * MIN_BRIEFS candidate lines that pass the evidence tests below, take the one whose
 * placing evidence adds up highest, if that is above 0 and a passing block placed above
 * 0 names someone in a third of its lines; else there are no briefs. The first line (the
 * lead) is always body; so are the first `bodyUpTo` lines. `explain` computes the signals
 * even where the quick bound (couldWin) already settles it.
 */
export function autoSplit(
  headline: string,
  source: string | null,
  lines: SourceLine[],
  bodyUpTo: number,
  explain: boolean,
): AutoResult {
  const n = lines.length;
  const none: Omit<AutoResult, "signals" | "from"> = {
    start: null,
    evidence: 0,
    placing: 0,
    typical: 0,
    yardstick: "none",
  };
  // The tail: trailing lines that could each be a brief (cheap checks only).
  let from = n;
  const floor = Math.max(bodyUpTo, 1, n - MAX_TAIL);
  while (from > floor && candidate(lines[from - 1]?.text as string, lines[from - 2]?.text)) from--;
  if (n - from < MIN_BRIEFS) return { ...none, signals: [], from };
  if (!explain && !couldWin(headline, lines, from))
    return { ...none, signals: [], from, bounded: true };
  // One pass: the story above each line, and each line's signals. The story's own lines
  // need only the brief evidence, the yardstick; the tail needs both.
  const signals: LineSignals[] = [];
  /** Every line's brief evidence but the lead's: the story's own lines are the yardstick. */
  const scores: number[] = [];
  const { story, above } = readStory(headline, source, lines, from, (j, s) => {
    if (j >= from) signals.push(s);
    scores[j] = s.score;
  });
  // Only the story's lines that could be briefs at all are a yardstick for briefs: list
  // fragments, speech and lines that visibly go on are not sentences of that kind. (The
  // tail's lines all could be.) Looked at only when a block gets that far.
  const comparable: (boolean | undefined)[] = [];
  const isComparable = (k: number): boolean => {
    if (k >= from) return true;
    let c = comparable[k];
    if (c === undefined) {
      c = candidate((lines[k] as SourceLine).text, lines[k - 1]?.text);
      comparable[k] = c;
    }
    return c;
  };
  // First words, looked at only when the names of a block decide (or to explain).
  let firstWordsNamed = false;
  const nameFirstWords = () => {
    firstWordsNamed = true;
    namedByFirstWord(lines, from, signals);
  };
  if (explain) nameFirstWords();
  // With no line of the story but the lead to compare with, the lead's own sentences are the yardstick.
  let lead: number[] | undefined;
  const leadYardstick = () => {
    lead ??= sentenceScores(headline, source, (lines[0] as SourceLine).text);
    return lead;
  };
  // The block: among the trailing runs that pass the evidence tests, the one placed best,
  // provided one of those runs, placed above 0, names someone (see below).
  let sum = 0;
  let placing = 0;
  let named = 0;
  let best = { ...none };
  /** The best block's placing unrounded (best.placing is rounded for inspect). */
  let bestPlacing = 0;
  let bestNamed = false;
  /** Where the shortest run that passed with names begins: the file has briefs. */
  let namedStart: number | null = null;
  for (let j = n - 1; j >= from; j--) {
    const s = signals[j - from] as LineSignals;
    sum += s.score;
    placing += s.placing;
    if (s.names) named++;
    const size = n - j;
    // A run placed at 0 or below is never the briefs; one placed no better than the best so
    // far still matters while no run with names has passed (it may show the file has briefs).
    if (size < MIN_BRIEFS || placing <= 0 || (placing <= bestPlacing && namedStart !== null))
      continue;
    // Briefs name who or what they are about: whether a file has briefs at all is decided by
    // a run of which at least a third of the lines name someone. (Once it has, where they
    // begin is the placing's call: briefs without a name stand next to those with one.)
    if (named * 3 < size && !firstWordsNamed) {
      nameFirstWords();
      named = 0;
      for (let k = j; k < n; k++) if ((signals[k - from] as LineSignals).names) named++;
    }
    const names = named * 3 >= size;
    if (placing <= bestPlacing && !names) continue;
    const mean = sum / size;
    if (mean <= 0) continue;
    // The story's own lines are the yardstick (a story whose every line looks unrelated to
    // the others, as short clean reports can, gives no contrast).
    const own: number[] = [];
    for (let k = 1; k < j; k++) if (isComparable(k)) own.push(scores[k] as number);
    let yardstick: AutoResult["yardstick"] = "lines";
    if (own.length === 0) {
      own.push(...leadYardstick());
      yardstick = own.length > 0 ? "lead" : "none";
    }
    own.sort((a, b) => a - b);
    // With nothing to compare with, the block has to make the contrast alone.
    const typical = own.length > 0 ? (own[Math.floor(own.length / 2)] as number) : 2 * MIN_MEAN;
    if (!clearEvidence(mean, typical)) {
      // Nothing to compare with: the block may still be briefs, if it is long enough and
      // stands apart from what the story is about.
      if (yardstick !== "none" || size < MIN_APART || mean < MIN_MEAN) continue;
      if (!standsApart(story.headline, above, signals, from, j)) continue;
      yardstick = "apart";
    }
    if (names) namedStart ??= j;
    if (placing <= bestPlacing) continue;
    bestPlacing = placing;
    best = {
      start: j,
      evidence: round(sum),
      placing: round(placing),
      typical: round(typical),
      yardstick,
    };
    bestNamed = names;
  }
  if (namedStart === null)
    return { ...none, ...(best.start === null ? {} : { unnamed: true as const }), signals, from };
  return { ...best, ...(bestNamed ? {} : { namedStart }), signals, from };
}
