/**
 * The shape of one line, for the split: whether it is a whole sentence, how many
 * sentences it has, whether it opens with a connective, refers back, addresses the
 * reader, or visibly continues the line above. General language only: connectives,
 * pronouns and reader address of Ukrainian, English and Russian news writing.
 */

/** One line after the header block: trimmed, not empty, with its 1-based line in the file. */
export interface SourceLine {
  text: string;
  line: number;
}

/** A bullet: hyphen-minus, bullet or asterisk, then white space. En and em dashes are speech. */
export const BULLET = /^[-•*][ \t\u00a0]+(?=\S)/;

/** A brief is a whole sentence of at least this many words. */
export const MIN_BRIEF_WORDS = 4;

/**
 * Connectives a line opens with when it goes on from the line before. Not `хоча` or
 * `although`: a sentence that opens with one has its own main clause ("Although X, Y")
 * and needs nothing before it. `Still` only before a comma ("Still, …"): "Still basking
 * in …" opens a sentence of its own.
 */
const CONNECTIVE = new RegExp(
  `^(?:${[
    // Ukrainian
    "але|однак|проте|втім|утім|водночас|натомість|також|теж|крім того|окрім того|окрім цього",
    "крім цього|при цьому|тому|тож|отже|отож|зокрема|нагадаємо|нагадуємо|раніше|своєю чергою",
    "у свою чергу|відтак|адже|зрештою|до того ж|після цього|згодом|потім|бо|щоправда",
    "за його словами|за її словами|за їхніми словами|за словами|як зазначив|як зазначила",
    "як повідомлялося|як повідомляло|як відомо|як ми писали|як ми вже писали|як ми повідомляли",
    "як пише|як повідомляє|більше того|тим часом|разом з тим|відповідно|зазначимо|зауважимо",
    "додамо|варто зазначити|варто додати|загалом|нарешті|насамкінець|наостанок|до слова|до речі",
    "детальніше|докладніше|іншими словами|словом|тобто|окремо|насамперед|передусім|наприклад",
    "по-перше|по-друге|по-третє|ще|а|і|й|та",
    // English
    "but|however|also|and|so|yet|meanwhile|moreover|furthermore|instead|thus",
    "therefore|then|later|earlier|still(?=,)|besides|nevertheless|indeed|in addition|as well|in fact",
    "in particular|for example|additionally|separately|finally",
    // Russian
    "и|но|однако|также|кроме того|при этом|напомним",
  ].join("|")})(?=[\\s,.:;!?—–-]|$)`,
  "iu",
);

/** The first word of every connective, to rule most lines out without the long pattern. */
const CONNECTIVE_START = new Set(
  CONNECTIVE.source
    .slice(4, CONNECTIVE.source.indexOf(")(?="))
    .split("|")
    .map((c) => (c.split(" ")[0] as string).replace(/\(.*$/, "")),
);

/** The connective a line opens with, lowercased, or null. */
export function connective(line: string): string | null {
  const bare = /^[«"“„'(]/.test(line) ? line.replace(/^[«"“„'(]+/, "") : line;
  const first = /^[\p{L}-]+/u.exec(bare);
  if (!first || !CONNECTIVE_START.has(first[0].toLowerCase())) return null;
  const m = CONNECTIVE.exec(bare);
  return m ? m[0].toLowerCase() : null;
}

/**
 * Connectives that recall earlier news. News stories typically end on such a line
 * ("Нагадаємо, …", "Раніше …"), so the line after one may well begin something else.
 */
const RECALL = new Set([
  "нагадаємо",
  "нагадуємо",
  "раніше",
  "як повідомлялося",
  "як повідомляло",
  "як відомо",
  "як ми писали",
  "як ми вже писали",
  "як ми повідомляли",
  "напомним",
  "earlier",
]);

/**
 * A line that closes a story: it recalls earlier news or points the reader elsewhere
 * ("читайте…", "you can…"). `words` are the line's tokens.
 */
export function closesStory(line: string, words: string[]): boolean {
  const c = connective(line);
  return (c !== null && RECALL.has(c)) || addressesReader(words);
}

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

/** A pronoun, `this`/`цей` or `above`/`вище` among the first four words: the line refers back. */
export function refersBack(words: string[]): boolean {
  for (let i = 0; i < 4 && i < words.length; i++) if (BACK.has(words[i] as string)) return true;
  return false;
}

/** Addressing the reader: you/ви, or a Ukrainian imperative (читайте, дивіться). */
const READER_WORDS = new Set("ви вас вам ваш ваша ваше ваші you your".split(" "));
const IMPERATIVE = /(?:йте|іть|ьте)(?:ся|сь)?$/;
export function addressesReader(words: string[]): boolean {
  return words.some((w) => READER_WORDS.has(w) || (IMPERATIVE.test(w) && w !== "навіть"));
}

const SENTENCE_END = /[.!?…][»"”’')\]]*$/;
/** The space between two sentences: after . ! ? … (and a closing quotation mark), before a capital or an opening quotation mark. */
const SENTENCE_BREAK = /(?<=[.!?…]["»”]?)\s+(?=[\p{Lu}«"“„])/gu;

/** The line ends like a sentence (. ! ? … before closing quotes or brackets). */
export function isSentence(line: string): boolean {
  return SENTENCE_END.test(line);
}

export function sentenceCount(line: string): number {
  return (line.match(SENTENCE_BREAK) ?? []).length + 1;
}

/** The sentences of a line, split where sentenceCount counts a break. */
export function sentencesOf(line: string): string[] {
  return line.split(SENTENCE_BREAK);
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
const CAPITALIZED = /[\s«"“„([]([\p{Lu}][\p{L}'’ʼ-]*)/gu;

/**
 * The capitalized words after a line's first word, lowercased: the names of someone
 * or something (months and weekdays, capitalized in English, left out). The first word
 * is capitalized anyway, so it says nothing.
 */
export function capitalizedWords(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(CAPITALIZED)) {
    if (m.index === 0) continue;
    const w = (m[1] as string).toLowerCase();
    if (!CALENDAR.has(w)) out.push(w);
  }
  return out;
}

/** A line's first word, lowercased, if it is capitalized (after any opening quotation mark). */
export function firstWord(line: string): string | null {
  const m = /^[«"“„(]*(\p{Lu}[\p{L}'’ʼ-]*)/u.exec(line);
  return m ? (m[1] as string).toLowerCase() : null;
}

/** A capitalized word after the first word: someone or something is named. */
export function hasName(line: string): boolean {
  for (const m of line.matchAll(CAPITALIZED)) {
    if (m.index === 0) continue;
    const w = (m[1] as string).toLowerCase();
    if (!CALENDAR.has(w.replace(/['’ʼ]s?$/, ""))) return true;
  }
  return false;
}

/** `opens`: the line starts with a quotation mark; `attributed`: a quotation followed by who said it. */
export function quoteKind(line: string): "none" | "opens" | "attributed" {
  if (!/^[«"“„]/.test(line)) return "none";
  const attributed =
    /^[«"“„].*[»"”]\s*[,.]?\s*[-–—]\s*\p{Ll}/u.test(line) ||
    /^".*[,.?!]"\s+(?:\p{Lu}\p{L}*\s+)*(?:he|she|they|it|\p{Lu}\p{L}+)\s+(?:said|says|added|told|explained|argued|warned)/u.test(
      line,
    );
  return attributed ? "attributed" : "opens";
}

/** Why `line` cannot stand alone after `previous`: direct speech, after a colon, or a lowercase start. */
export function hardContinuation(line: string, previous: string | undefined): string | null {
  if (/^[–—―]/.test(line)) return "speech";
  if (previous?.endsWith(":")) return "after a colon";
  if (/^[«"“„'(]*\p{Ll}/u.test(line)) return "lowercase";
  return null;
}

/** `previous` leaves a quotation open that `line` goes on with. */
export function quoteGoesOn(line: string, previous: string | undefined): boolean {
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

/**
 * A line that could be a brief at all: a whole sentence of MIN_BRIEF_WORDS or more
 * words, not a bullet, that does not continue the text above (speech, a lowercase
 * start, after a colon, words that point above: "названий вище").
 */
export function candidate(text: string, previous: string | undefined): boolean {
  return (
    !BULLET.test(text) &&
    isSentence(text) &&
    hasWords(text, MIN_BRIEF_WORDS) &&
    hardContinuation(text, previous) === null &&
    !pointsAbove(text)
  );
}

/**
 * Words that point at the text above in so many words ("названий вище", "вищезгаданий",
 * "aforementioned"): a line that has one goes on from what came before it, wherever the
 * words stand. (A bare "вище" does not count: it also means "higher".)
 */
const POINTS_ABOVE =
  /(?<![\p{L}])(?:(?:(?:на)?зван|згадан|зазначен|описан|наведен)\p{L}*\s+вище|вище(?:згадан|зазначен|назван|описан|наведен)\p{L}*|aforementioned|above-mentioned|mentioned above|вышеуказанн\p{L}*|вышеупомянут\p{L}*)(?![\p{L}])/iu;

/** The line refers to the text above in so many words. */
export function pointsAbove(text: string): boolean {
  return /вище|above|aforementioned|выше/iu.test(text) && POINTS_ABOVE.test(text);
}
