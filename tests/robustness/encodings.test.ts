/**
 * Files as they come, part 1: encodings. One Ukrainian article saved the ways
 * newsroom editors save it must become the same article and the same page;
 * bytes that are not one of the supported encodings must be an error naming
 * the file and line, and never reach a page as mojibake.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSource, normalizeText } from "../../src/core/article/decode.js";
import { parseArticle } from "../../src/core/article/parse.js";
import {
  ensureBuilt,
  linesStarting,
  listFiles,
  parseHtml,
  removeTempDirs,
  seededBytes,
  tempDir,
  text,
  vistkaProcess as vistka,
  writeFiles,
} from "../support/index.js";
import { concat, encodeCp1251, encodeLatin1, encodeUtf8, encodeUtf16 } from "./support.js";

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const FILE = "2025-03-14-biblioteka.txt";
const SLUG = "biblioteka";

const HEADLINE = "У Житомирі відкрили оновлену дитячу бібліотеку";
const BODY = [
  "Після ремонту бібліотека № 3 отримала читальну залу на сорок місць і кімнату для гуртків.",
  "– Ми чекали на це п’ять років, – каже директорка закладу Ірина Сидоренко.",
  "На відкриття прийшли учні трьох шкіл; у залі трималося 21 °C навіть без опалення…",
];
const BACKGROUND = [
  "Бібліотеку заснували 1958 року.",
  "Попередній ремонт був «косметичним» — лише фарбування стін.",
];
const RELATED = [
  "У місті запрацював новий тролейбусний маршрут № 15.",
  "Ґанок ратуші відремонтують до травня.",
];

/** The article as its author typed it: only characters Windows-1251 can hold. */
const ARTICLE = [
  HEADLINE,
  "",
  "Джерело: Житомирська міська рада",
  "Дата: 2025-03-14T10:00",
  "Автор: Олена Ґудзь",
  "Теги: освіта, культура",
  "",
  ...BODY,
  "",
  ...BACKGROUND.map((b) => `- ${b}`),
  "",
  ...RELATED,
  "",
].join("\n");

type Variant = { name: string; bytes: (text: string) => Uint8Array };
const VARIANTS: Variant[] = [
  { name: "UTF-8", bytes: (t) => encodeUtf8(t) },
  { name: "UTF-8 with BOM", bytes: (t) => encodeUtf8(t, true) },
  { name: "UTF-16 LE with BOM", bytes: (t) => encodeUtf16(t, "le") },
  { name: "UTF-16 BE with BOM", bytes: (t) => encodeUtf16(t, "be") },
  { name: "Windows-1251", bytes: (t) => encodeCp1251(t) },
];
const LINE_ENDS = [
  { name: "LF", apply: (t: string) => t },
  { name: "CRLF", apply: (t: string) => t.replace(/\n/g, "\r\n") },
];

describe("the encoders used by these tests", () => {
  it("produce the byte sequences the encodings define", () => {
    expect([...encodeCp1251("Їжак і ґава «№»")]).toEqual([
      0xaf, 0xe6, 0xe0, 0xea, 0x20, 0xb3, 0x20, 0xb4, 0xe0, 0xe2, 0xe0, 0x20, 0xab, 0xb9, 0xbb,
    ]);
    expect([...encodeUtf16("Я", "le")]).toEqual([0xff, 0xfe, 0x2f, 0x04]);
    expect([...encodeUtf16("Я", "be")]).toEqual([0xfe, 0xff, 0x04, 0x2f]);
    expect(() => encodeCp1251("ʼ")).toThrow();
    // The reference text really is encodable in every variant (the encoders throw otherwise).
    for (const v of VARIANTS)
      expect(v.bytes(ARTICLE).length).toBeGreaterThanOrEqual(ARTICLE.length);
  });
});

describe("one article in every supported encoding", () => {
  const reference = parseArticle(ARTICLE, `articles/${FILE}`);

  it("the reference article parses as written", () => {
    expect(reference.ok).toBe(true);
    if (!reference.ok) return;
    expect(reference.article.headline).toBe(HEADLINE);
    expect(reference.article.body).toEqual(BODY);
    expect(reference.article.background).toEqual(BACKGROUND);
    expect(reference.article.related).toEqual(RELATED);
    expect(reference.article.author).toBe("Олена Ґудзь");
  });

  for (const v of VARIANTS) {
    for (const ends of LINE_ENDS) {
      it(`${v.name}, ${ends.name}: decodes to the same text and parses to the same article`, () => {
        const bytes = v.bytes(ends.apply(ARTICLE));
        const decoded = decodeSource(bytes, `articles/${FILE}`);
        if (!decoded.ok) throw new Error(`not decoded: ${decoded.problem.message}`);
        expect(decoded.text).toBe(normalizeText(ARTICLE));
        expect(parseArticle(decoded.text, `articles/${FILE}`)).toEqual(reference);
        if (v.name === "Windows-1251") {
          expect(decoded.encoding).toBe("windows-1251");
          expect(decoded.warnings).toHaveLength(1);
          expect(decoded.warnings[0]?.file).toBe(`articles/${FILE}`);
          expect(decoded.warnings[0]?.message).toMatch(/Windows-1251/);
        } else {
          expect(decoded.warnings).toEqual([]);
        }
      });
    }
  }

  it("every encoding builds the same page through the CLI; only Windows-1251 warns", async () => {
    const runs = await Promise.all(
      VARIANTS.map(async (v) => {
        const dir = await tempDir("enc");
        await writeFiles(dir, { [`articles/${FILE}`]: v.bytes(ARTICLE) });
        const run = await vistka(["build", "--in", "articles", "--out", "dist"], dir);
        return { v, dir, run };
      }),
    );
    const pages: string[] = [];
    for (const { v, dir, run } of runs) {
      expect(run.stderr, v.name).not.toMatch(/^error/m);
      expect(run.code, v.name).toBe(0);
      const warned = linesStarting(
        run.stderr,
        `warning: articles/${FILE}: decoded as Windows-1251`,
      );
      expect(warned, v.name).toHaveLength(v.name === "Windows-1251" ? 1 : 0);
      pages.push(await readFile(path.join(dir, "dist", SLUG, "index.html"), "utf8"));
    }
    // Byte-identical pages: no encoding leaves a trace (BOM, CR, mojibake) in the output.
    for (const page of pages.slice(1)) expect(page).toBe(pages[0]);

    const root = await parseHtml(pages[0] as string);
    expect(text(root.querySelector("h1"))).toBe(HEADLINE);
    const paragraphs = root.querySelectorAll(".article-body p").map((p) => text(p));
    expect(paragraphs).toEqual(BODY);
    const bullets = root.querySelectorAll(".background li").map((li) => text(li));
    expect(bullets).toEqual(BACKGROUND);
    const briefs = root.querySelectorAll(".related li").map((li) => text(li));
    expect(briefs).toEqual(RELATED);
    expect(pages[0]).not.toContain("\ufffd");
    expect(pages[0]).not.toContain("\ufeff");
  });
});

describe("Windows-1251 as old newsroom systems wrote it", () => {
  // A short brief with the format's own "• " bullets and Ukrainian „…“ quotes, both of
  // which Windows-1251 has (0x95, 0x84): typical of an export from an old Windows system.
  const BRIEF = [
    "Школа в Ладижині відкрилася після ремонту",
    "",
    "Дата: 2025-09-01",
    "",
    "Директор назвав оновлену школу „нашою гордістю“.",
    "",
    "• Ремонт тривав рік.",
    "• Вікна замінили всі.",
    "• Їдальню розширили.",
    "",
  ].join("\n");

  it("a short brief with • bullets and „“ quotes is detected, decoded and warned about", () => {
    const decoded = decodeSource(encodeCp1251(BRIEF), "articles/shkola.txt");
    if (!decoded.ok) throw new Error(`refused: ${decoded.problem.message}`);
    expect(decoded.encoding).toBe("windows-1251");
    expect(decoded.text).toBe(BRIEF);
    expect(decoded.warnings.map((w) => w.file)).toEqual(["articles/shkola.txt"]);
    const parsed = parseArticle(decoded.text, "articles/shkola.txt");
    if (!parsed.ok) throw new Error("not parsed");
    expect(parsed.article.background).toEqual([
      "Ремонт тривав рік.",
      "Вікна замінили всі.",
      "Їдальню розширили.",
    ]);
  });
});

// ---------------------------------------------------------------------------
// Bytes that are none of the supported encodings.

const enc = (s: string) => encodeUtf8(s);

interface BadCase {
  name: string;
  bytes: Uint8Array;
  /** 1-based line of the first byte that cannot be decoded. */
  line: number;
}

const BAD: BadCase[] = [
  {
    name: "random high bytes",
    bytes: concat(
      enc("Random bytes\n\nAn ordinary first paragraph.\n"),
      [0xff],
      seededBytes(20251, 400, 0x80, 0xff),
      enc("\nTail.\n"),
    ),
    line: 4,
  },
  {
    name: "a cp1252 pound sign alone",
    bytes: encodeLatin1(
      "Ticket prices\n\nSource: Box office\n\nA seat now costs £12 for adults.\n",
    ),
    line: 5,
  },
  {
    name: "Latin-1 French text",
    bytes: encodeLatin1(
      "Festival de musique\n\n" +
        "Le maire a présenté vendredi le programme de l'été : théâtre, cinéma et fête à côté de l'église.\n" +
        "Les élèves du collège ouvriront la soirée, déjà célèbre dans toute la région.\n",
    ),
    line: 3,
  },
  {
    name: "Latin-1 German text",
    bytes: encodeLatin1(
      "Stadtrat stimmt zu\n\nDate: 2025-05-02\n\n" +
        "Die Bürger äußerten Bedenken über die Größe der neuen Brücke über die Mühle.\n" +
        "Sie wird nächstes Jahr für Fußgänger geöffnet.\n",
    ),
    line: 5,
  },
  {
    name: "a truncated UTF-8 sequence inside a line",
    bytes: concat(enc("Заголовок\n\nПерший рядок.\nДругий "), [0xd0], enc(" рядок.\n")),
    line: 4,
  },
  {
    name: "a truncated UTF-8 sequence at the end of the file",
    bytes: concat(enc("Заголовок\n\nТекст статті "), [0xe2, 0x80]),
    line: 3,
  },
  {
    name: "a truncated four-byte emoji",
    bytes: concat(enc("Headline\n\nFirst.\nSecond.\nA smile "), [0xf0, 0x9f, 0x98], enc("!\n")),
    line: 5,
  },
];

describe("undecodable bytes", () => {
  for (const c of BAD) {
    it(`${c.name}: decodeSource reports the file and the line`, () => {
      const d = decodeSource(c.bytes, "articles/bad.txt");
      if (d.ok) {
        throw new Error(
          `decoded as ${d.encoding} instead of an error; text begins: ${JSON.stringify(d.text.slice(0, 120))}`,
        );
      }
      expect(d.problem.file).toBe("articles/bad.txt");
      expect(d.problem.line).toBe(c.line);
    });
  }

  it("a UTF-16 file cut in the middle of a character is an error naming the file", () => {
    const bytes = encodeUtf16("Заголовок\n\nТекст.\n", "le");
    const d = decodeSource(bytes.subarray(0, bytes.length - 1), "articles/cut.txt");
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.problem.file).toBe("articles/cut.txt");
  });

  it("a UTF-16 file with a lone surrogate is an error naming the file", () => {
    const bytes = concat(encodeUtf16("Заголовок\n\nТекст ", "le"), [0x3d, 0xd8], [0x0a, 0x00]);
    const d = decodeSource(bytes, "articles/surrogate.txt");
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.problem.file).toBe("articles/surrogate.txt");
  });

  for (const c of BAD) {
    it(`${c.name}: the CLI exits 1 naming file and line, and writes nothing`, async () => {
      const dir = await tempDir("bad-enc");
      await writeFiles(dir, {
        "articles/bad.txt": c.bytes,
        "articles/2025-01-01-good.txt": "Добра новина\n\nЦей файл збережено як UTF-8.\n",
      });
      const run = await vistka(["build", "--in", "articles", "--out", "dist"], dir);
      if (run.code === 0) {
        // Say what reached the pages, so the report shows the mojibake itself.
        const mixed = await mixedScriptWords(path.join(dir, "dist"));
        throw new Error(
          `the build succeeded instead of failing (${run.stderr.trim()}); words mixing Latin and Cyrillic on the pages: ${mixed.join(" ")}`,
        );
      }
      const errors = linesStarting(run.stderr, "error: ");
      expect(errors, run.stderr).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^error: articles/bad\\.txt:${c.line}: `));
      expect(run.stderr).toMatch(/1 problem found; nothing was written/);
      expect(run.code).toBe(1);
      // Nothing was written, so no page can carry mojibake.
      const out = path.join(dir, "dist");
      if (existsSync(out)) {
        const files = await listFiles(out);
        throw new Error(`output written despite the error: ${files.join(", ")}`);
      }
    });
  }
});

/** Words with Latin and Cyrillic letters side by side: what a wrong 8-bit decoding leaves. */
async function mixedScriptWords(dir: string): Promise<string[]> {
  const found = new Set<string>();
  for (const f of await listFiles(dir)) {
    if (!f.endsWith(".html")) continue;
    const page = await readFile(path.join(dir, f), "utf8");
    for (const m of page.matchAll(
      /[\p{L}]*(?:[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z])[\p{L}]*/giu,
    )) {
      found.add(m[0]);
    }
  }
  return [...found].slice(0, 12);
}
