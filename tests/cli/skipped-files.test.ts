/**
 * Files in the articles folder that are not articles (issue 19, item 5): `.TXT` is an article;
 * a `.md`, `.docx`, `.text` or extension-less file and a linked folder are passed over with a
 * warning per kind, with a count and the first names, never silently.
 */
import { symlinkSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles, removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";

afterAll(removeTempDirs);

const ARTICLE = (headline: string) =>
  `${headline}\n\nДжерело: Редакція\nДата: 2026-11-20\n\nТекст новини.\n`;

describe("files that are not .txt articles", () => {
  it("takes B.TXT as an article and says what it skipped, one line per kind", async () => {
    const dir = await tempDir("skipped");
    await writeFiles(dir, {
      "articles/B.TXT": ARTICLE("Велика новина"),
      "articles/notes.md": ARTICLE("Нотатки"),
      "articles/sub/more.md": ARTICLE("Ще нотатки"),
      "articles/story.docx": "PK binary",
      "articles/old.text": ARTICLE("Стара"),
      "articles/README": "про папку",
      "articles/tram.jpg": "not really a photo",
      "elsewhere/x.txt": ARTICLE("Деінде"),
    });
    symlinkSync(path.join(dir, "elsewhere"), path.join(dir, "articles", "linked"));
    const r = await vistka(["build", "--no-cache", "--json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { articles: number; warnings: string[] };
    expect(summary.articles).toBe(1);
    expect(await listFiles(path.join(dir, "dist"))).toContain("b/index.html");
    const skipped = summary.warnings.filter((w) => w.startsWith("articles: skipped"));
    expect(skipped).toEqual([
      "articles: skipped 1 .docx file (story.docx): only .txt files are articles (save articles as plain text with the .txt extension)",
      "articles: skipped 2 .md files (notes.md, sub/more.md): only .txt files are articles (save articles as plain text with the .txt extension)",
      "articles: skipped 1 .text file (old.text): only .txt files are articles (save articles as plain text with the .txt extension)",
      "articles: skipped 1 file without an extension (README): only .txt files are articles (save articles as plain text with the .txt extension)",
      "articles: skipped 1 linked folder (linked): links are not followed (move or copy the folder into the articles folder)",
    ]);
    // Pictures beside the articles are expected there: no word about them.
    expect(summary.warnings.join("\n")).not.toContain("tram.jpg");
  });

  it("names at most three files of a kind", async () => {
    const dir = await tempDir("skipped-many");
    await mkdir(path.join(dir, "articles"));
    const files: Record<string, string> = {};
    for (const name of ["a", "b", "c", "d", "e"]) files[`articles/${name}.md`] = "текст";
    await writeFiles(dir, files);
    const r = await vistka(["build", "--no-cache"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: articles: skipped 5 .md files (a.md, b.md, c.md …)");
    expect(r.stdout).toMatch(/^Built 0 articles/);
  });
});
