/**
 * Words for the automatic split (auto.ts): a line's tokens and the crude stems
 * of its content words, which is how the split compares a line with the story above.
 * Pure, and cheap: this runs over every line of every article without bullets.
 */

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

export const APOSTROPHES = /['’ʼ‘`]/g;
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
export function tokens(line: string, max = Number.POSITIVE_INFINITY): string[] {
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

export function stemOfWord(w: string): string {
  let s = STEMS.get(w);
  if (s === undefined) {
    s = w.length < 3 || STOP.has(w) || NUMBER.test(w) ? "" : stemLower(w);
    if (STEMS.size >= STEMS_MAX) STEMS.clear();
    STEMS.set(w, s);
  }
  return s;
}

/** The distinct stems of content words. */
export function stemsOf(words: string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const s = stemOfWord(w);
    if (s !== "") out.add(s);
  }
  return out;
}

/**
 * Two capital letters (Latin or Cyrillic) standing alone: an abbreviation (ЄС, НР, UK).
 * Words under three letters carry no topic, but these name something, and a story that
 * has used one shares it with the lines that go on with it.
 */
const ABBREVIATION = /(?<![\p{L}\p{N}])[A-ZЀ-ЯҐ]{2}(?![\p{L}\p{N}])/gu;
/** Two capitals in a row: a quick test before the one above (Latin and Cyrillic capitals). */
const TWO_CAPITALS = /[A-ZЀ-ЯҐ]{2}/;

/**
 * Add a line's two-letter abbreviations to its stems, in capitals (a stem is lower case,
 * so they cannot be taken for one).
 */
export function withAbbreviations(line: string, stems: Set<string>): Set<string> {
  if (TWO_CAPITALS.test(line)) for (const m of line.matchAll(ABBREVIATION)) stems.add(m[0]);
  return stems;
}

/** How many two-letter abbreviations a line has (with repeats). */
export function abbreviationCount(line: string): number {
  if (!TWO_CAPITALS.test(line)) return 0;
  let n = 0;
  for (const _ of line.matchAll(ABBREVIATION)) n++;
  return n;
}

/** The distinct stems of a line's content words, and its two-letter abbreviations. */
export function contentStems(line: string): Set<string> {
  return withAbbreviations(line, stemsOf(tokens(line)));
}
