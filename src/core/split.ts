/**
 * Where an article's body ends and its related briefs begin. Pure: the lines
 * after the header block in, the three parts out, with the reasons.
 *
 * The format is positional (docs/format.md): body, a run of background bullets,
 * then briefs. Two things position alone cannot settle, and this module does:
 *   - a file without bullets may still end with briefs: the automatic split
 *     scores each trailing line for how much it looks like a self-contained item
 *     about another story, and takes the trailing block with the most evidence,
 *     if that evidence is clear and clearly stronger than the story's own lines
 *     show (otherwise everything stays body: inventing briefs is the worse error);
 *   - a run of `- ` lines may be part of the body (interview questions, a list)
 *     when the text after it goes on with the story.
 * The author's `---` marker always wins. docs/format.md, "Where the briefs
 * begin", explains the method in two paragraphs.
 */

/** `auto`: the automatic split (default); `positional`: the format's rules only. */
export const SPLIT_MODES = ["auto", "positional"] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

/** How the split was decided. */
export type SplitMethod = "positional" | "marker" | "auto";

/** One line after the header block: trimmed, not empty, with its 1-based line in the file. */
export interface SourceLine {
  text: string;
  line: number;
}

/**
 * Why one trailing line was, or was not, taken for a brief. Only lines that could be
 * briefs at all are scored: whole sentences of four or more words that do not
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

/** A bullet: hyphen-minus, bullet or asterisk, then white space. En and em dashes are speech. */
export const BULLET = /^[-•*][ \t\u00a0]+(?=\S)/;
/** The author's explicit marker: everything after a line of three or more hyphens is briefs. */
export const BRIEFS_MARKER = /^-{3,}$/;

/** Fewer trailing lines than this are never split off automatically: one odd last line is a closing remark. */
const MIN_BRIEFS = 2;
/** A brief is a whole sentence of at least this many words. */
const MIN_BRIEF_WORDS = 4;
/** The automatic split looks at no more than this many trailing lines (it bounds the cost). */
const MAX_TAIL = 40;
/** A brief block must average at least this much evidence per line... */
const MIN_MEAN = 1;
/** ...and this much more than the median line of the story above it. */
const MIN_CONTRAST = 1;

/**
 * The signals' weights. A line's score is their weighted sum; positive leans brief.
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
// Words

/** Function words of Ukrainian, English and Russian: they say nothing about a story's topic. */
const STOP = new Set(
  (
    "але або адже аби без би більш більше біля був була були було буде будуть бути вам вас весь " +
    "вже від він вона вони воно всі все всього всіх втім для до дуже його де з за зі із їх її їм їй " +
    "йому інш інша інше інші іншим інших інший кожен коли крім лише між мене мені ми може можна " +
    "можуть наш наша наше наші нас нам над наприклад нього неї них ним ній нею ніж під після по " +
    "поки при про проте себе собі своє свій своїм своїх свою свої серед сам саме так також там " +
    "тим тих то тобто тож той тому тоді тут ту те ті ця це цей ці цим цих цього цієї цю через чи " +
    "чим що щоб щодо який яка яке які якого якої яким яких якій якщо як ще ось хоч хоча навіть " +
    "уже року році рік років роки раніше зокрема нагадаємо понад близько майже тільки нині зараз " +
    "сьогодні вчора завтра тепер " +
    "это что как при его она они был была были было будет также который которые которая " +
    "которое этот эта эти того тем чем или уже еще только более после между через " +
    "the and but for nor with from into onto upon about above after again against all also am " +
    "an are as at be been before being below between both by can could did do does doing down " +
    "during each few further had has have having he her here hers herself him himself his how " +
    "if in is it its itself just me more most my no not now of off on once only or other our " +
    "ours out over own same she should so some such than that their theirs them then there " +
    "these they this those through to too under until up very was we were what when where " +
    "which while who whom why will would you your yours yet said says say told year years last " +
    "first one two three mr mrs ms may might must shall"
  ).split(" "),
);

const APOSTROPHES = /['’ʼ‘`]/g;
const NUMBER = /^\p{N}+$/u;

/** Ukrainian (and Russian) inflection endings, longest first. */
const UK_ENDINGS = (
  "ються ується ється ться ового ьому ого ому ими іми ами ями ові еві ів їв ою ею єю ах ях ам " +
  "ям ом ем их іх ий ій ої ая ое ые ла ли ло ти ть ся сь а я у ю і ї и о е є ь й в"
).split(" ");
const EN_ENDINGS = ["ings", "ing", "ies", "ied", "ed", "es", "ly", "s"];
/** Stems are cut to this length: crude, but it joins most forms of a word. */
const STEM_MAX = 6;

const UK_SET = new Set(UK_ENDINGS);
const EN_SET = new Set(EN_ENDINGS);
const LONGEST_ENDING = 6;

/** A crude stem: lower case, apostrophes (' ’ ʼ) dropped, one inflection ending cut. */
export function stem(word: string): string {
  return stemLower(word.toLowerCase().replace(APOSTROPHES, ""));
}

function stemLower(w: string): string {
  // A word long enough keeps its first STEM_MAX letters whatever ending it has.
  if (w.length >= STEM_MAX + LONGEST_ENDING) return w.slice(0, STEM_MAX);
  const first = w.charCodeAt(0);
  const endings = first >= 0x400 && first <= 0x4ff ? UK_SET : EN_SET;
  for (let n = Math.min(LONGEST_ENDING, w.length - 3); n >= 1; n--) {
    if (endings.has(w.slice(-n))) {
      w = w.slice(0, -n);
      break;
    }
  }
  return w.length > STEM_MAX ? w.slice(0, STEM_MAX) : w;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * A line's words: lower case, apostrophes (' ’ ʼ ‘ `) dropped, split at anything
 * that is not a letter or digit. A hand loop: this runs over every line of a file.
 */
function tokens(line: string, max = Number.POSITIVE_INFINITY): string[] {
  const lower = line.toLowerCase();
  const out: string[] = [];
  let start = -1;
  let apostrophe = false;
  const end = (i: number) => {
    const w = lower.slice(start, i);
    out.push(apostrophe ? w.replace(APOSTROPHES, "") : w);
    start = -1;
    apostrophe = false;
  };
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (
      (c >= 0x430 && c <= 0x45f) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x491 ||
      (c >= 0x80 && LETTER_OR_DIGIT.test(lower[i] as string))
    ) {
      if (start < 0) start = i;
    } else if (c === 0x27 || c === 0x2019 || c === 0x2bc || c === 0x2018 || c === 0x60) {
      // An apostrophe is dropped and the word goes on (п'ять → пять).
      if (start >= 0) apostrophe = true;
    } else if (start >= 0) {
      end(i);
      if (out.length >= max) return out;
    }
  }
  if (start >= 0) end(lower.length);
  return out;
}

/**
 * Each word's stem, or "" for a word that carries no topic (function word, number,
 * under 3 letters). A cache, because words repeat from line to line and article to
 * article; emptied when it grows large, so memory stays bounded.
 */
const STEMS = new Map<string, string>();
const STEMS_MAX = 100_000;

function stemOfWord(w: string): string {
  let s = STEMS.get(w);
  if (s === undefined) {
    s = w.length < 3 || STOP.has(w) || NUMBER.test(w) ? "" : stemLower(w);
    if (STEMS.size >= STEMS_MAX) STEMS.clear();
    STEMS.set(w, s);
  }
  return s;
}

/** The distinct stems of content words. */
function stemsOf(words: string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const s = stemOfWord(w);
    if (s !== "") out.add(s);
  }
  return out;
}

/** The distinct stems of a line's content words. */
export function contentStems(line: string): Set<string> {
  return stemsOf(tokens(line));
}

// ---------------------------------------------------------------------------
// Line shape

/** Connectives a line opens with when it goes on from the line before. */
const CONNECTIVE = new RegExp(
  `^(?:${[
    // Ukrainian
    "але|однак|проте|втім|утім|водночас|натомість|також|теж|крім того|окрім того|окрім цього",
    "крім цього|при цьому|тому|тож|отже|отож|зокрема|нагадаємо|нагадуємо|раніше|своєю чергою",
    "у свою чергу|відтак|адже|зрештою|до того ж|після цього|згодом|потім|хоча|бо|щоправда",
    "за його словами|за її словами|за їхніми словами|за словами|як зазначив|як зазначила",
    "як повідомлялося|як повідомляло|як відомо|як ми писали|як ми вже писали|як ми повідомляли",
    "як пише|як повідомляє|більше того|тим часом|разом з тим|відповідно|зазначимо|зауважимо",
    "додамо|варто зазначити|варто додати|загалом|нарешті|насамкінець|наостанок|до слова|до речі",
    "детальніше|докладніше|іншими словами|словом|тобто|окремо|насамперед|передусім|наприклад",
    "по-перше|по-друге|по-третє|ще|а|і|й|та",
    // English
    "but|however|also|and|so|yet|meanwhile|moreover|furthermore|instead|although|though|thus",
    "therefore|then|later|earlier|still|besides|nevertheless|indeed|in addition|as well|in fact",
    "in particular|for example|additionally|separately|finally",
    // Russian
    "и|но|однако|также|кроме того|при этом|напомним",
  ].join("|")})(?=[\\s,.:;!?—–-]|$)`,
  "iu",
);

/** Words that point back at something said before, looked for among a line's first four words. */
const BACK = new Set(
  (
    "він вона воно вони його її їх йому їй їм ним нею ними цей ця це ці цього цієї цих цим цією " +
    "цьому цю той та те ті того тієї тих тим тією тому ту такий така таке такі такого таким там " +
    "тут тоді ще також теж їхній їхня їхнє їхні їхню їхнього їхньої свій своя своє свої свою " +
    "свого своєї вище згаданий згадана згадане згадані зазначений названий названої названого " +
    "he she it they him his her its their them this that these those also there then such " +
    "above aforementioned"
  ).split(" "),
);

/** Addressing the reader: you/ви, or a Ukrainian imperative (читайте, дивіться). */
const READER_WORDS = new Set("ви вас вам ваш ваша ваше ваші you your".split(" "));
const IMPERATIVE = /(?:йте|іть|ьте)(?:ся|сь)?$/;
function addressesReader(words: string[]): boolean {
  return words.some((w) => READER_WORDS.has(w) || (IMPERATIVE.test(w) && w !== "навіть"));
}
const SENTENCE_END = /[.!?…][»"”’')\]]*$/;
const SENTENCE_BREAK = /[.!?…]["»”]?\s+(?=[\p{Lu}«"“„])/gu;

/** The line ends like a sentence (. ! ? … before closing quotes or brackets). */
function isSentence(line: string): boolean {
  return SENTENCE_END.test(line);
}

/** At least `n` words with a letter in them (stops counting there). */
function hasWords(line: string, n: number): boolean {
  const re = /\S*\p{L}\S*/gu;
  let count = 0;
  while (count < n && re.exec(line) !== null) count++;
  return count >= n;
}

const CALENDAR = new Set(
  (
    "january february march april may june july august september october november december " +
    "monday tuesday wednesday thursday friday saturday sunday"
  ).split(" "),
);
/** A capitalized word after the first word: someone or something is named. */
function hasName(line: string): boolean {
  const re = /[\s«"“„([]([\p{Lu}][\p{L}'’ʼ-]*)/gu;
  for (const m of line.matchAll(re)) {
    if (m.index === 0) continue;
    const w = (m[1] as string).toLowerCase();
    if (!CALENDAR.has(w.replace(/['’ʼ]s?$/, ""))) return true;
  }
  return false;
}

function sentenceCount(line: string): number {
  return (line.match(SENTENCE_BREAK) ?? []).length + 1;
}

/** The first word of every connective, to rule most lines out without the long pattern. */
const CONNECTIVE_START = new Set(
  CONNECTIVE.source
    .slice(4, CONNECTIVE.source.indexOf(")(?="))
    .split("|")
    .map((c) => c.split(" ")[0] as string),
);

/** The connective a line opens with, lowercased, or null. */
function connective(line: string): string | null {
  const bare = /^[«"“„'(]/.test(line) ? line.replace(/^[«"“„'(]+/, "") : line;
  const first = /^[\p{L}-]+/u.exec(bare);
  if (!first || !CONNECTIVE_START.has(first[0].toLowerCase())) return null;
  const m = CONNECTIVE.exec(bare);
  return m ? m[0].toLowerCase() : null;
}

function refersBack(words: string[]): boolean {
  for (let i = 0; i < 4 && i < words.length; i++) if (BACK.has(words[i] as string)) return true;
  return false;
}

function quoteKind(line: string): LineSignals["quote"] {
  if (!/^[«"“„]/.test(line)) return "none";
  const attributed =
    /^[«"“„].*[»"”]\s*[,.]?\s*[-–—]\s*\p{Ll}/u.test(line) ||
    /^".*[,.?!]"\s+(?:\p{Lu}\p{L}*\s+)*(?:he|she|they|it|\p{Lu}\p{L}+)\s+(?:said|says|added|told|explained|argued|warned)/u.test(
      line,
    );
  return attributed ? "attributed" : "opens";
}

/** Why `line` cannot stand alone after `previous`: direct speech, after a colon, or a lowercase start. */
function hardContinuation(line: string, previous: string | undefined): string | null {
  if (/^[–—―]/.test(line)) return "speech";
  if (previous?.endsWith(":")) return "after a colon";
  if (/^[«"“„'(]*\p{Ll}/u.test(line)) return "lowercase";
  return null;
}

/** `previous` leaves a quotation open that `line` goes on with. */
function quoteGoesOn(line: string, previous: string | undefined): boolean {
  if (previous === undefined) return false;
  let opens = 0;
  let straight = 0;
  for (const c of previous) {
    if (c === "«" || c === "„") opens++;
    else if (c === "»") opens--;
    else if (c === '"' || c === "“" || c === "”") straight++;
  }
  if (opens <= 0 && straight % 2 === 0) return false;
  return /^["“«„]/.test(line) || /^[^«"“„]*[»”"]/.test(line);
}

// ---------------------------------------------------------------------------
// The automatic split

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

/** A line that could be a brief at all. */
function candidate(text: string, previous: string | undefined): boolean {
  return (
    !BULLET.test(text) &&
    isSentence(text) &&
    hasWords(text, MIN_BRIEF_WORDS) &&
    hardContinuation(text, previous) === null
  );
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
  const quote = quoteKind(text);
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
    quote,
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
      (quote !== "none" ? W.quoteOpens : 0) +
      (quote === "attributed" ? W.quoteAttributed : 0) +
      (s.sentences >= 2 ? W.twoSentences : 0) +
      (s.sentences >= 3 ? W.threeSentences : 0),
  );
  s.overlap = round(s.overlap);
  s.recent = round(s.recent);
  s.previous = round(s.previous);
  s.storySize = round(s.storySize);
  return s;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

interface AutoResult {
  /** Index (into the lines) where the briefs begin, or null. */
  start: number | null;
  /** The evidence of the chosen block (0 when none)... */
  evidence: number;
  /** ...and the median score of the story's own lines it was compared with. */
  typical: number;
  signals: LineSignals[];
  /** Index of the first scored line. */
  from: number;
  /** Decided by the quick bound alone: no signals were computed. */
  bounded?: true;
}

/**
 * A quick bound, so that most files without briefs cost little: every signal
 * but the word overlap can only lower a score, and a line's overlap with the
 * whole story is at least its overlap with the headline and the three lines above,
 * while the story has at most one content word per four characters. If even these
 * most favourable scores give no trailing block above zero, none can win.
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
function autoSplit(
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
            : `no trailing block shows clear brief evidence (a total above 0, ${MIN_MEAN}+ a line and ${MIN_CONTRAST}+ more than ` +
              `the story's own lines, names in a third of its lines): all body${dashNote}`
        : `the last ${lines.length - start} lines have the most brief evidence, ${auto.evidence} ` +
          `(${round(auto.evidence / (lines.length - start))} a line against ${auto.typical} for the story's own lines): ` +
          `they share little with the story and do not continue it${dashNote}`,
    dashBody,
    signals: auto.signals,
  });
}

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
