/**
 * Text that looks harmless and was not, through the built CLI: a file name saved
 * decomposed (NFD), a headline with a right-to-left override left open, and a line of
 * emphasis nested thousands deep, which overflowed marked's stack in a build only.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadHtml,
  one,
  removeTempDirs,
  STACK_FRAME,
  tempDir,
  text,
  vistka,
  writeFiles,
} from "../support/index.js";

afterAll(removeTempDirs);

const article = (headline: string, body: string) =>
  `${headline}\n\nДжерело: Редакція\nДата: 2026-03-02T10:00\n\n${body}\n`;

describe("file names in either Unicode form", () => {
  it("gives Край.txt the page krai/ whether its name is stored NFC or NFD", async () => {
    for (const form of ["NFC", "NFD"] as const) {
      const dir = await tempDir(`name-${form}`);
      const name = `Край.txt`.normalize(form);
      await writeFiles(dir, { [path.join("articles", name)]: article("Край новин", "Текст.") });
      const run = await vistka(["build", "--quiet"], dir);
      expect(run.code, run.stderr).toBe(0);
      expect(existsSync(path.join(dir, "dist", "krai", "index.html")), form).toBe(true);
    }
  });
});

describe("a headline with a right-to-left override left open", () => {
  const RLO = "\u202e";
  let dir: string;
  let code: number;

  beforeAll(async () => {
    dir = await tempDir("bidi");
    await writeFiles(dir, {
      "articles/bidi.txt": article(`Новина ${RLO}дня`, `Перший абзац ${RLO}з підступом.`),
      "articles/pair.txt": article(`Назва ${RLO}תשובה\u202c тут`, "Другий абзац."),
    });
    const run = await vistka(["build", "--quiet", "--base-url", "https://example.org/"], dir);
    code = run.code;
  });

  it("does not reverse the site's name after it in <title>", async () => {
    expect(code).toBe(0);
    const page = await loadHtml(path.join(dir, "dist", "bidi", "index.html"));
    expect(text(one(page, "title"))).toBe("Новина дня — Вістка");
    expect(text(one(page, "h1"))).toBe("Новина дня");
  });

  it("keeps a balanced override, which ends before the site's name", async () => {
    const page = await loadHtml(path.join(dir, "dist", "pair", "index.html"));
    expect(text(one(page, "title"))).toBe(`Назва ${RLO}תשובה\u202c тут — Вістка`);
  });

  it("leaves no override open in the feeds' titles and summaries", async () => {
    for (const feed of ["feed.xml", "rss.xml", "feed.json"]) {
      const raw = await readFile(path.join(dir, "dist", feed), "utf8");
      // Every override in a feed is the balanced pair of pair.txt's headline.
      const overrides = raw.match(/\u202e/g)?.length ?? 0;
      const closers = raw.match(/\u202c/g)?.length ?? 0;
      expect(overrides, feed).toBe(closers);
      expect(raw, feed).toContain("Новина дня");
    }
  });
});

describe("emphasis nested thousands deep", () => {
  it.each([
    ["2,000 '*', a word, 2,000 '*'", `${"*".repeat(2000)}x${"*".repeat(2000)}`],
    ["'**' 1,000 times around a word", `${"**".repeat(1000)}x${"**".repeat(1000)}`],
    ["'_' 4,000 times around a word", `${"_".repeat(4000)}x${"_".repeat(4000)}`],
  ])("%s: builds, showing the line as its text", async (_label, line) => {
    const dir = await tempDir("nested");
    await writeFiles(dir, { "articles/glyboko.txt": article("Глибоко", `Абзац.\n${line}`) });
    const run = await vistka(["build", "--quiet"], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    const page = await loadHtml(path.join(dir, "dist", "glyboko", "index.html"));
    expect(one(page, "main").querySelectorAll("p").map(text)).toContain(line);
  });
});
