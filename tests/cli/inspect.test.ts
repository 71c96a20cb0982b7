/**
 * `vistka inspect FILE [--json]` end to end: how one file is split, as the
 * built CLI prints it from a child process.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProblem } from "../../src/core/shared/errors.js";
import { encodeCp1251 } from "../robustness/support.js";
import { removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";

const SPEC_KEYS = [
  "headline",
  "source",
  "date",
  "author",
  "tags",
  "slug",
  "body",
  "background",
  "related",
  "warnings",
] as const;

interface InspectedArticle {
  headline: string;
  source: string | null;
  date: string | null;
  author: string | null;
  tags: string[];
  slug: string;
  body: string[];
  background: string[];
  related: string[];
  warnings: { file: string; line?: number; message: string }[];
}

/** Every part of the format: all header kinds, speech lines, three bullet characters, briefs. */
const FULL = {
  headline: "Нічні автобуси повертаються на три маршрути",
  source: "Департамент транспорту",
  author: "Марія Бондар",
  tags: ["транспорт", "місто"],
  slug: "nichni-avtobusy",
  body: [
    "З першого грудня нічні автобуси знову курсуватимуть маршрутами № 2, 7 та 11.",
    "– Ми бачимо попит від людей, які працюють у нічну зміну, – пояснила речниця департаменту.",
    "— Перші рейси відправлятимуться о пів на першу ночі.",
    "Київ: схожу схему в столиці запустили ще навесні.",
  ],
  background: [
    "Нічні маршрути скасували в березні 2022 року.",
    "Квиток коштує стільки ж, скільки вдень.",
    "Розклад оприлюднять на сайті департаменту.",
  ],
  related: ["На вулиці Садовій перенесли зупинку.", "Тролейбус № 4 змінює кінцеву."],
};
const FULL_TEXT = [
  `\ufeff${FULL.headline}`,
  "",
  `Джерело: ${FULL.source}`,
  "Дата: 24 листопада 2023",
  `АВТОР: ${FULL.author}`,
  `Теги: ${FULL.tags.join(", ")}`,
  `Slug: ${FULL.slug}`,
  "",
  ...FULL.body.flatMap((p) => [p, ""]),
  `- ${FULL.background[0]}`,
  `• ${FULL.background[1]}`,
  `* ${FULL.background[2]}`,
  "",
  ...FULL.related.map((r) => `${r} \t`),
  "",
].join("\r\n");

let proj: string;

beforeAll(async () => {
  proj = await tempDir("inspect");
  await writeFiles(proj, {
    "articles/full.txt": FULL_TEXT,
    // A Russian label, an English one, no bullets but the `---` briefs marker.
    "articles/2024-03-04-марковані-брифи.txt": [
      "Wire headline without bullets",
      "Источник: Agency Wire",
      "Date: 2024-03-05T14:30:00+02:00",
      "",
      "First paragraph of the story.",
      "Second paragraph, with a [link](https://example.org/a).",
      "---",
      "A brief after the marker.",
      "Another brief.",
      "",
    ].join("\n"),
    "articles/undated-note.txt": "Оголошення без дати\n\nЄдиний абзац.\n",
    // Line 4: a date that does not exist.
    "articles/bad-date.txt": "Заголовок\n\nДжерело: Вістка\nДата: 2023-02-30\n\nТекст.\n",
    // Windows-1251, dated in the future, no source, a header typo: every kind of warning.
    "warned/stara-sistema.txt": encodeCp1251(
      "Новина зі старої системи\n\nДата: 01.01.2999\nАвтр: Марія Бондар\n\nТекст новини.\n",
    ),
    // Line 3: a lone continuation byte, not UTF-8.
    "articles/broken.txt": Buffer.concat([
      Buffer.from("Заголовок\n\n"),
      Buffer.from([0x80, 0x41]),
      Buffer.from("\n"),
    ]),
  });
});
afterAll(async () => {
  await removeTempDirs();
});

async function inspectJson(file: string): Promise<InspectedArticle> {
  const run = await vistka(["inspect", file, "--json"], proj);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as InspectedArticle;
}

describe("inspect --json", () => {
  it("prints the parsed article with every key of the format", async () => {
    const a = await inspectJson("articles/full.txt");
    for (const key of SPEC_KEYS) expect(a).toHaveProperty(key);
  });

  it("has values that match the file: headers, body, background and briefs", async () => {
    const a = await inspectJson("articles/full.txt");
    expect(a).toMatchObject({
      headline: FULL.headline,
      source: FULL.source,
      date: "2023-11-24",
      author: FULL.author,
      tags: FULL.tags,
      slug: FULL.slug,
      body: FULL.body,
      background: FULL.background,
      related: FULL.related,
      warnings: [],
    });
  });

  it("follows the --- marker, reads a Russian label, and prefers the Date header to the file name", async () => {
    const a = await inspectJson("articles/2024-03-04-марковані-брифи.txt");
    expect(a.source).toBe("Agency Wire");
    expect(a.date).toBe("2024-03-05T14:30:00+02:00");
    expect(a.author).toBeNull();
    expect(a.tags).toEqual([]);
    // Slug from the file name: date prefix dropped, Cyrillic transliterated.
    expect(a.slug).toBe("markovani-bryfy");
    expect(a.body).toEqual([
      "First paragraph of the story.",
      "Second paragraph, with a [link](https://example.org/a).",
    ]);
    expect(a.background).toEqual([]);
    expect(a.related).toEqual(["A brief after the marker.", "Another brief."]);
    expect(a.warnings).toEqual([]);
  });

  it("reports an undated article as a warning, not an error", async () => {
    const a = await inspectJson("articles/undated-note.txt");
    expect(a.date).toBeNull();
    expect(a.slug).toBe("undated-note");
    expect(a.body).toEqual(["Єдиний абзац."]);
    expect(a.warnings.length).toBeGreaterThan(0);
    expect(a.warnings.map((w) => w.message).join("\n")).toMatch(/undated/i);
  });
});

describe("inspect (plain)", () => {
  it("prints a readable split: headers, then body, background and briefs in order", async () => {
    const run = await vistka(["inspect", "articles/full.txt"], proj);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const out = run.stdout;
    expect(() => JSON.parse(out)).toThrow();
    for (const value of [FULL.headline, FULL.source, FULL.author, FULL.slug, "2023-11-24"]) {
      expect(out).toContain(value);
    }
    // Each part is named, and every item is shown under its part, in file order.
    const order = [
      "body",
      ...FULL.body,
      "background",
      ...FULL.background,
      "related",
      ...FULL.related,
    ];
    let at = out.indexOf(FULL.headline);
    for (const piece of order) {
      const next = out.indexOf(piece, at);
      expect(next, `"${piece}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    // Readable means a line per item, not one long run-on.
    expect(out.split("\n").length).toBeGreaterThanOrEqual(order.length);
  });
});

describe("inspect warns as build does", () => {
  it("the same warnings for the same file: Windows-1251, a future date, no source, a header typo", async () => {
    const build = await vistka(["build", "--in", "warned", "--out", "dist-warned", "--json"], proj);
    expect(build.code, build.stderr).toBe(0);
    const built = (JSON.parse(build.stdout) as { warnings: string[] }).warnings;
    const a = await inspectJson("warned/stara-sistema.txt");
    expect(a.warnings.map((w) => formatProblem(w))).toEqual(built);
    const starts = (text: string) => expect.stringMatching(`^${text.replace(/[.()]/g, "\\$&")}`);
    expect(built).toEqual([
      starts("warned/stara-sistema.txt: decoded as Windows-1251, not UTF-8"),
      starts('warned/stara-sistema.txt:4: "Автр" is not a header label'),
      starts("warned/stara-sistema.txt: no source: the article is published without one"),
      "warned/stara-sistema.txt: dated in the future (2999-01-01); it is published now",
    ]);
  });

  it("the plain output ends with them, file:line and what to do", async () => {
    const run = await vistka(["inspect", "warned/stara-sistema.txt"], proj);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^warning: warned\/stara-sistema\.txt:4: "Автр" is not a header label, .* \(did you mean Автор\?\)$/m,
    );
    expect(run.stdout).toMatch(/^warning: warned\/stara-sistema\.txt: decoded as Windows-1251/m);
  });

  it('the config\'s "warnings": {"noSource": false} counts too', async () => {
    const dir = path.join(proj, "quiet-sources");
    await writeFiles(dir, {
      "vistka.config.json": JSON.stringify({ warnings: { noSource: false } }),
    });
    const run = await vistka(["inspect", path.join(proj, "articles/undated-note.txt")], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^warning: .*undated/m);
    expect(run.stdout).not.toMatch(/no source/);
  });
});

describe("inspect errors", () => {
  it("exits 2 for a missing file and names it", async () => {
    const run = await vistka(["inspect", "articles/no-such-file.txt"], proj);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no-such-file.txt");
    expect(run.stdout).toBe("");
  });

  it("refuses a FIFO or a folder at once instead of hanging on it (exit 2)", async () => {
    execFileSync("mkfifo", [path.join(proj, "articles", "pipe.txt")]);
    const fifo = await vistka(["inspect", "articles/pipe.txt"], proj);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain("articles/pipe.txt: not a regular file");
    const folder = await vistka(["inspect", "articles"], proj);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("not a regular file");
  });

  it("exits 2 when no file is given", async () => {
    const run = await vistka(["inspect"], proj);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
  });

  it("exits 1 for a malformed date, with file:line", async () => {
    const run = await vistka(["inspect", "articles/bad-date.txt", "--json"], proj);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/articles\/bad-date\.txt:4: .*2023-02-30/);
    expect(run.stdout).toBe("");
  });

  it("exits 1 for bytes that are not UTF-8, with file:line, saying so", async () => {
    const run = await vistka(["inspect", path.join("articles", "broken.txt")], proj);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/articles\/broken\.txt:3: .*UTF-8/);
    expect(run.stdout).toBe("");
  });
});
