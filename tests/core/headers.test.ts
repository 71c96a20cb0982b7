/**
 * Editors' mistakes in the header block (headers.ts, through parseArticle): a label with a
 * typo, a dash or no colon, a headline wrapped onto two lines, and `-Text` bullets are
 * warnings naming the line; prose that merely starts with a word and a colon is not.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeSource } from "../../src/core/article/decode.js";
import { editDistance, headerMiss, nearestLabel } from "../../src/core/article/headers.js";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import { CORPUS as CORPUS_DIR, HAS_CORPUS } from "../support/index.js";

function parse(...lines: string[]): Article {
  const r = parseArticle(lines.join("\n"), "articles/2026-11-26-a.txt");
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.article;
}
const said = (a: Article) => a.warnings.map(formatProblem);

describe("a header gone wrong is a warning at its line", () => {
  it("a typo in the label: did you mean, and the headers it pushed into the body", () => {
    const a = parse("Заголовок", "", "Джрело: Міська рада", "Дата: 2026-11-26", "", "Текст.");
    expect(a.source).toBeNull();
    expect(a.body[0]).toBe("Джрело: Міська рада");
    expect(said(a)).toContain(
      'articles/2026-11-26-a.txt:3: "Джрело" is not a header label, so this line and the header line after it are published as body text (did you mean Джерело?)',
    );
  });

  it.each([
    ["Sourse: Reuters", "Source"],
    ["SOUCRE: Reuters", "Source"],
    ["Data: 2026-11-26", "Date"],
    ["Дaта: 2026-11-26", "Дата"],
    ["Тег: місто", "Теги"],
    ["Автори: Марія Бондар", "Автор"],
    ["Чернетко: так", "Чернетка"],
    ["Джерел: Міська рада", "Джерело"],
  ])("%j: did you mean %s?", (line, label) => {
    const a = parse("Заголовок", "", line, "", "Текст.");
    expect(a.warnings[0]).toMatchObject({ line: 3, hint: `did you mean ${label}?` });
  });

  it.each([
    ["Джерело - Міська рада", 'did you mean "Джерело: Міська рада"?'],
    ["Джерело – Міська рада", 'did you mean "Джерело: Міська рада"?'],
    ["Source — Reuters", 'did you mean "Source: Reuters"?'],
    ["Джрело - Міська рада", 'did you mean "Джерело: Міська рада"?'],
    ["Дата 2026-11-26", 'did you mean "Дата: 2026-11-26"?'],
    ["Дата 27.11.2026 10:15", 'did you mean "Дата: 27.11.2026 10:15"?'],
    ["Теги місто, транспорт", 'did you mean "Теги: місто, транспорт"?'],
    ["Чернетка так", 'did you mean "Чернетка: так"?'],
  ])("%j, without its colon: %s", (line, hint) => {
    const a = parse("Заголовок", "", "Автор: Марія Бондар", line, "Текст.");
    expect(a.warnings[0]).toMatchObject({ line: 4, hint });
    expect(a.warnings[0]?.message).toMatch(/published as body text/);
  });

  it("each of several mistakes in a row is said", () => {
    const a = parse("Заголовок", "Джерело - Міська рада", "Дата 2026-11-26", "Теги: місто", "Т.");
    expect(a.warnings.map((w) => w.line).slice(0, 2)).toEqual([2, 3]);
    expect(a.warnings[0]?.message).toMatch(/this line and the header line after it/);
  });

  it("a headline wrapped onto two lines: the header after it names the line that ended the headers", () => {
    const a = parse(
      "Міська рада відкрила",
      "новий сквер біля вокзалу",
      "Джерело: Міська рада",
      "Т.",
    );
    expect(a.source).toBeNull();
    expect(said(a)[0]).toBe(
      'articles/2026-11-26-a.txt:3: this "Джерело" line is published as body text, because line 2 above it is not a header (keep the headline on one line and the headers right after it, or move line 2 below them)',
    );
  });
});

describe("what is not a header mistake", () => {
  it.each([
    "Нагадаємо: у жовтні рада ухвалила бюджет.",
    "Київ: у суботу пролунали вибухи.",
    "Увага: рух перекрито.",
    "Фото: Марія Бондар",
    "Note: the figures are preliminary.",
    "Тема: енергетика",
    "Мета: зібрати кошти",
    "Джерело в уряді повідомило, що рішення вже ухвалене.",
    "Джерело в уряді",
    "Автор книги розповів про неї.",
    "Автор – відомий письменник Іван Франко.",
    "Дата — ключове питання переговорів.",
    "Дата проведення ще невідома.",
    "Date night returns to the city park.",
    "Source code of the app is open.",
  ])("%j", (line) => {
    expect(headerMiss(line)).toBeNull();
    const a = parse("Заголовок", "", "Джерело: Рада", "Дата: 2026-11-26", line, "Текст далі.");
    expect(a.warnings).toEqual([]);
  });

  it("a known header that follows body text deep in the story is not flagged", () => {
    const a = parse("Заголовок", "Джерело: Рада", "Перший абзац.", "Другий абзац.", "Source: X");
    expect(a.warnings).toEqual([]);
  });

  const CORPUS = CORPUS_DIR;
  if (!HAS_CORPUS)
    console.warn(`core/headers.test.ts: ${CORPUS} not found, the corpus is not read`);
  it.skipIf(!HAS_CORPUS)("no line of the real corpus's 620 files reads as one", () => {
    const misses: string[] = [];
    for (const f of readdirSync(CORPUS, { recursive: true }) as string[]) {
      if (!f.endsWith(".txt")) continue;
      const d = decodeSource(readFileSync(path.join(CORPUS, f)), f);
      if (!d.ok) continue;
      for (const line of d.text.split("\n").slice(1))
        if (headerMiss(line.trim())) misses.push(`${f}: ${line}`);
    }
    expect(misses).toEqual([]);
  });
});

describe("nearestLabel and editDistance", () => {
  it("counts an added, dropped, changed or swapped letter as one", () => {
    expect(editDistance("джерело", "джрело")).toBe(1);
    expect(editDistance("date", "dtae")).toBe(1);
    expect(editDistance("date", "data")).toBe(1);
    expect(editDistance("дата", "date")).toBe(4);
  });

  it("allows one edit in labels of up to five letters, two in longer ones", () => {
    expect(nearestLabel("Дaтa")).toBeNull(); // Latin a twice: two edits on a four-letter label
    expect(nearestLabel("Джрело")).toBe("Джерело");
    expect(nearestLabel("Джрла")).toBeNull(); // three edits
    expect(nearestLabel("Нагадаємо")).toBeNull();
  });
});

describe("`-Text` bullets", () => {
  it("a hyphen or bullet run into the text is a warning: add a space", () => {
    const a = parse("Заголовок", "Джерело: Рада", "Текст.", "-Сквер закладали 1965 року.", "•Ще.");
    expect(a.body).toContain("-Сквер закладали 1965 року.");
    expect(a.warnings.map((w) => w.line)).toEqual([4, 5]);
    expect(said(a)[0]).toBe(
      'articles/2026-11-26-a.txt:4: "-Сквер закладали 19…" has no space after the hyphen, so it is not a bullet: it is published as a paragraph, hyphen and all (put a space after the hyphen ("- Сквер закла…") to make it a background bullet)',
    );
  });

  it("not a negative number, Markdown emphasis, speech or the briefs marker", () => {
    const a = parse(
      "Заголовок",
      "Джерело: Рада",
      "-5 °C вночі.",
      "*Увага* на дорогах.",
      "–Так.",
      "---",
      "Б.",
    );
    expect(a.warnings).toEqual([]);
  });
});
