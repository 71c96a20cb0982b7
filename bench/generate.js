// Synthetic articles in the vistka format, deterministic from a seed, sized like real ones
// (about 5 KB: headline, source, date, 3–10 paragraphs, 0–6 bullets, 0–6 briefs, ~30 sources).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const WORDS = (
  "місто рада уряд громада школа лікарня міст дорога вокзал бібліотека театр музей парк ринок " +
  "депутати мешканці волонтери лікарі вчителі студенти науковці інженери будівельники фермери " +
  "відкрили оголосили представили обговорили запустили відремонтували підтримали затвердили " +
  "новий сучасний великий обласний міський державний приватний український міжнародний " +
  "проєкт програма бюджет закон рішення звіт виставка конференція фестиваль конкурс ремонт " +
  "енергетика транспорт освіта медицина культура спорт економіка екологія технології наука " +
  "сьогодні вчора минулого тижня наступного року протягом місяця увечері вранці вдень " +
  "щонайменше близько понад майже лише тисяч мільйонів гривень відсотків кілометрів"
).split(" ");
const SOURCES = Array.from(
  { length: 30 },
  (_, i) => `Джерело ${["Київ", "Львів", "Одеса", "Харків", "Дніпро", "Полтава"][i % 6]} ${i + 1}`,
);
const TAGS = [
  "політика",
  "економіка",
  "культура",
  "спорт",
  "наука",
  "місто",
  "освіта",
  "здоровʼя",
  "технології",
  "погода",
];

/** Mulberry32: a tiny seeded PRNG, so the same seed gives the same articles everywhere. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Names and rarer words, as real news has them: 60,000 made-up words of Ukrainian-looking
 * syllables, drawn by Zipf's law (the k-th word about 1/k as often as the first), so an
 * index of 10,000 articles holds tens of thousands of terms, most of them rare.
 */
const SYLLABLES =
  "ба ве ги до жу за ки ло му на ор пе ри со ту фа хо ци ча ше юр ян ві ді лі ні рі сі ть ко".split(
    " ",
  );
const RARE = (() => {
  const rand = prng(7);
  const words = [];
  for (let k = 0; k < 60_000; k++) {
    let w = "";
    const n = 2 + Math.floor(rand() * 3);
    for (let j = 0; j < n; j++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    words.push(k % 3 === 0 ? `${w[0].toUpperCase()}${w.slice(1)}` : w);
  }
  return words;
})();
/** Zipf over RARE: inverse of the cumulative 1/k weights, by a harmonic-number approximation. */
function rareWord(rand) {
  const n = RARE.length;
  const h = Math.log(n) + 0.5772;
  const k = Math.min(n - 1, Math.floor(Math.exp(rand() * h - 0.5772)));
  return RARE[k];
}

function sentence(rand, min, max) {
  const n = min + Math.floor(rand() * (max - min + 1));
  // One word in four a name or a rarer word.
  const words = Array.from({ length: n }, () =>
    rand() < 0.25 ? rareWord(rand) : WORDS[Math.floor(rand() * WORDS.length)],
  );
  const s = words.join(" ");
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

function paragraph(rand, sentences) {
  return Array.from({ length: sentences }, () => sentence(rand, 8, 18)).join(" ");
}

/** The text of article number `i` of a set made with `seed`. */
export function articleText(i, seed = 1) {
  const rand = prng(seed * 1_000_003 + i);
  const day = new Date(
    Date.UTC(2020, 0, 1) + Math.floor((i * 86_400_000) / 7) + Math.floor(rand() * 3_600_000),
  );
  const date = day.toISOString().slice(0, 16);
  const lines = [sentence(rand, 6, 12).slice(0, -1), ""];
  lines.push(`Джерело: ${SOURCES[Math.floor(rand() * SOURCES.length)]}`);
  lines.push(`Дата: ${date}`);
  if (rand() < 0.5)
    lines.push(
      `Теги: ${TAGS[Math.floor(rand() * TAGS.length)]}, ${TAGS[Math.floor(rand() * TAGS.length)]}`,
    );
  const paragraphs = 3 + Math.floor(rand() * 8);
  for (let p = 0; p < paragraphs; p++) lines.push(paragraph(rand, 2 + Math.floor(rand() * 3)));
  const bullets = Math.floor(rand() * 7);
  for (let b = 0; b < bullets; b++) lines.push(`- ${sentence(rand, 10, 20)}`);
  const briefs = bullets === 0 ? 0 : Math.floor(rand() * 7);
  for (let b = 0; b < briefs; b++) lines.push(sentence(rand, 12, 24));
  return `${lines.join("\n")}\n`;
}

/** Write `count` articles into `dir` (files named by number, so the set is easy to edit). */
export async function generateArticles(dir, count, seed = 1) {
  await mkdir(dir, { recursive: true });
  const batch = 256;
  for (let start = 0; start < count; start += batch) {
    const jobs = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      jobs.push(
        writeFile(path.join(dir, `a${String(i).padStart(6, "0")}.txt`), articleText(i, seed)),
      );
    }
    await Promise.all(jobs);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count, seed] = process.argv.slice(2);
  await generateArticles(dir, Number(count ?? 1000), Number(seed ?? 1));
}
