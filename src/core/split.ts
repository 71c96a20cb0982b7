/**
 * Where the body ends and the related briefs begin. Pure: text in, indices out.
 * See docs/format.md, "Where the briefs begin".
 */

// ---------------------------------------------------------------------------
// Words

/** Function words of Ukrainian, English and Russian: they say nothing about a story's topic. */
const STOP = new Set(
  // Ukrainian
  (
    "але або адже аби без би більш більше біля був була були було буде будуть бути вам вас весь " +
    "вже вид від вона вони воно всі все всього всіх втім для до дуже його де для з за зі із їх " +
    "її їм їй йому інш інша інше інші іншим інших інший кожен коли крім лише між мене мені ми " +
    "може можна можуть мов наш наша наше наші нас нам над наприклад нього неї них ним ній нею " +
    "ніж під після по поки при про проте себе собі своє свій своїм своїх свою свої серед сам " +
    "саме так також там тим тих то тобто тож той тому тоді тут ту те ті ця це цей ці цим цих " +
    "цього цієї цю через чи чим що щоб щодо який яка яке які якого якої яким яких якій якщо " +
    "як ще ось хоч хоча навіть уже вже року році рік років роки раніше зокрема нагадаємо " +
    "понад близько майже лише тільки нині зараз сьогодні вчора завтра тепер також " +
    // Russian
    "это что как для при его она они был была были было будет также который которые которая " +
    "которое этот эта эти того тем чем или уже еще только более после между через " +
    // English
    "the and but for nor with from into onto upon about above after again against all also " +
    "am an are as at be been before being below between both by can could did do does doing " +
    "down during each few further had has have having he her here hers herself him himself his " +
    "how if in is it its itself just me more most my no not now of off on once only or other " +
    "our ours out over own same she should so some such than that the their theirs them then " +
    "there these they this those through to too under until up very was we were what when " +
    "where which while who whom why will would you your yours yet said says say told year years " +
    "last first one two three mr mrs ms may might must shall"
  ).split(" "),
);

const APOSTROPHES = /['’ʼ‘`]/g;
const TOKEN = /[\p{L}\p{N}]+/gu;
const CYRILLIC = /[\u0400-\u04ff]/;

/** Ukrainian (and Russian) inflection endings, longest first. */
const UK_ENDINGS = [
  "ються",
  "ується",
  "ється",
  "ться",
  "ового",
  "ьому",
  "ого",
  "ому",
  "ими",
  "іми",
  "ами",
  "ями",
  "ові",
  "еві",
  "ів",
  "їв",
  "ою",
  "ею",
  "єю",
  "ах",
  "ях",
  "ам",
  "ям",
  "ом",
  "ем",
  "их",
  "іх",
  "ий",
  "ій",
  "ої",
  "ая",
  "ое",
  "ые",
  "ла",
  "ли",
  "ло",
  "ти",
  "ть",
  "ся",
  "сь",
  "а",
  "я",
  "у",
  "ю",
  "і",
  "ї",
  "и",
  "о",
  "е",
  "є",
  "ь",
  "й",
  "в",
];
const EN_ENDINGS = ["ings", "ing", "ies", "ied", "ed", "es", "ly", "s"];
/** Stems longer than this are cut: crude, but it joins most forms of one word. */
const STEM_MAX = 6;

/** A crude stem: lower case, apostrophes dropped, one inflection ending cut. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(APOSTROPHES, "");
  const endings = CYRILLIC.test(w) ? UK_ENDINGS : EN_ENDINGS;
  for (const e of endings) {
    if (w.length - e.length >= 3 && w.endsWith(e)) {
      w = w.slice(0, -e.length);
      break;
    }
  }
  return w.length > STEM_MAX ? w.slice(0, STEM_MAX) : w;
}

/** The distinct stems of a line's content words (no function words, no numbers). */
export function contentStems(line: string): Set<string> {
  const out = new Set<string>();
  for (const m of line.replace(APOSTROPHES, "").matchAll(TOKEN)) {
    const w = m[0];
    if (w.length < 3 || /^\p{N}+$/u.test(w)) continue;
    const lower = w.toLowerCase();
    if (STOP.has(lower)) continue;
    out.add(stem(lower));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Line signals (exploration)

const CONNECTIVE =
  /^(?:але|однак|проте|втім|утім|водночас|натомість|також|крім того|окрім того|окрім цього|крім цього|при цьому|тому|тож|отже|зокрема|нагадаємо|нагадуємо|раніше|своєю чергою|у свою чергу|відтак|адже|зрештою|до того ж|після цього|тоді|згодом|потім|а|і|й|та|хоча|бо|щоправда|за його словами|за її словами|за словами|як зазначив|як зазначила|як повідомлялося|як відомо|більше того|тим часом|разом з тим|відповідно|зазначимо|додамо|загалом|нарешті|він|вона|воно|вони|його|її|їх|цей|ця|це|ці|цього|цієї|цим|цих|такий|така|таке|такі|там|тут|but|however|also|and|so|yet|meanwhile|moreover|furthermore|instead|although|though|thus|therefore|then|later|earlier|still|besides|nevertheless|indeed|in addition|as well|he|she|it|they|his|her|its|their|this|these|those|such|и|но|однако|также|он|она|они|это|этот)(?=[\s,.:;!?—–-]|$)/iu;
const REPORTING =
  /(?:^|\s)(?:заяви\p{L}*|повідом\p{L}*|розпові\p{L}*|сказа\p{L}*|каже|кажуть|оголоси\p{L}*|наголоси\p{L}*|зазначи\p{L}*|підтверди\p{L}*|попереди\p{L}*|вважає|вважають|пише|пишуть|передає|said|says|told|announced|warned|reported|claims|claimed|insists|believes|has said|have said|has told|has warned|has announced|has called|has urged|has denied|has confirmed)(?=[\s,.:;!?]|$)/iu;

export function continues(line: string, previous: string | undefined): string | null {
  if (/^[–—―]/.test(line)) return "speech";
  if (previous !== undefined && /:$/.test(previous)) return "after-colon";
  if (/^[«"“„'(]*\p{Ll}/u.test(line)) return "lowercase";
  const stripped = line.replace(/^[«"“„'(]+/, "");
  const c = CONNECTIVE.exec(stripped);
  if (c) return `connective:${c[0].toLowerCase()}`;
  if (/^[«"“„]/.test(line) && previous !== undefined && /[»"”]\s*$|[»"”][.,]?$/.test(previous))
    return "quote";
  return null;
}

export function isSentence(line: string): boolean {
  return /[.!?…](?:[»"”’')\]]*)$/.test(line);
}

export function words(line: string): number {
  return line.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}

export function reporting(line: string): boolean {
  const head = line.split(/\s+/).slice(0, 12).join(" ");
  return REPORTING.test(head);
}

export interface Scored {
  start: number | null;
  best: number;
  scores: number[];
  o: number[];
}

export function findBriefs(headline: string, lines: string[]): Scored {
  const n = lines.length;
  const stems = lines.map(contentStems);
  const H = contentStems(headline);
  const lens = lines.map((l) => l.length);
  // possible brief: sentence, >=4 words, no hard continuation
  const possible = lines.map((l, j) => {
    if (!isSentence(l) || words(l) < 4) return false;
    const c = continues(l, lines[j - 1]);
    return !(c === "speech" || c === "after-colon" || c === "lowercase");
  });
  let lo = n;
  while (lo > 1 && possible[lo - 1]) lo--;
  const scores: number[] = new Array(n).fill(0);
  const os: number[] = new Array(n).fill(0);
  let best = 0;
  let start: number | null = null;
  for (let s = n - 2; s >= lo; s--) {
    const V = new Map<string, number>();
    for (const w of H) V.set(w, 2);
    for (let k = 0; k < s; k++)
      for (const w of stems[k] as Set<string>) V.set(w, (V.get(w) ?? 0) + 1);
    const body = lens.slice(0, s).sort((a, b) => a - b);
    const med = body[Math.floor(body.length / 2)] as number;
    let sum = 0;
    for (let j = s; j < n; j++) {
      const S = stems[j] as Set<string>;
      let m = 0;
      let h = 0;
      for (const w of S) {
        if (V.has(w)) m++;
        if (H.has(w)) h++;
      }
      const o = S.size ? m / S.size : 0.5;
      let e = 2 - 8 * o;
      if (h > 0) e -= 1.5;
      const c = continues(lines[j] as string, lines[j - 1]);
      if (c) e -= 2;
      const r = (lens[j] as number) / med;
      if (r > 1.5) e -= 1;
      else if (r < 0.7) e += 0.5;
      scores[j] = e;
      os[j] = o;
      sum += e;
    }
    if (sum > best) {
      best = sum;
      start = s;
    }
  }
  return { start, best, scores, o: os };
}
