/**
 * The commands and messages an editor meets first (issue 19, items 9–11): `vistka new`,
 * `vistka init`, help that points to the right command, template errors that say what is
 * wrong, and a reserved Slug named by its line. In-process through main(argv, io).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dateFromFileName } from "../../src/core/shared/dates.js";
import { removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";

afterAll(removeTempDirs);

const ARTICLE = "Заголовок новини\n\nДжерело: Редакція\nДата: 2026-11-20\n\nТекст новини.\n";

describe("vistka new", () => {
  it("writes articles/YYYY-MM-DD-<slug>.txt dated today in the site's time zone, as a draft", async () => {
    const dir = await tempDir("new");
    await writeFiles(dir, { "vistka.config.json": '{"timeZone": "Pacific/Kiritimati"}' });
    const before = Date.now();
    const r = await vistka(["new", "Мер відкрив новий міст"], dir);
    expect(r.code, r.stderr).toBe(0);
    const [name] = readdirSync(path.join(dir, "articles"));
    // UTC+14: the local date is the one of now + 14 h (or of a moment later, near midnight).
    const local = (ms: number) => new Date(ms + 14 * 3_600_000).toISOString().slice(0, 10);
    expect([local(before), local(Date.now())]).toContain(name?.slice(0, 10));
    expect(name?.slice(10)).toBe("-mer-vidkryv-novyi-mist.txt");
    expect(r.stdout).toContain(`articles/${name}`);
    const text = readFileSync(path.join(dir, "articles", name as string), "utf8");
    const lines = text.split("\n");
    expect(lines[0]).toBe("Мер відкрив новий міст");
    expect(lines).toContain("Джерело: ");
    expect(lines).toContain("Чернетка: так");
    const date = lines.find((l) => l.startsWith("Дата: "))?.slice(6);
    expect(date?.slice(0, 10)).toBe(name?.slice(0, 10));
    // The file builds: a draft, left out of the site, with no problem, and no warning about
    // what it still lacks (a draft is being written).
    const built = await vistka(["build", "--no-cache"], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe("");
    expect(built.stdout).toContain("1 draft left out");
    expect(existsSync(path.join(dir, "dist", "mer-vidkryv-novyi-mist"))).toBe(false);
    expect(dateFromFileName(name as string)).toBe(name?.slice(0, 10));
  });

  it("never overwrites a file, and says which one is there", async () => {
    const dir = await tempDir("new-exists");
    expect((await vistka(["new", "Одна новина"], dir)).code).toBe(0);
    const [name] = readdirSync(path.join(dir, "articles"));
    const file = path.join(dir, "articles", name as string);
    await writeFile(file, "МОЄ\n");
    const r = await vistka(["new", "Одна новина"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: articles/${name} already exists (edit it, or give another headline)\n`,
    );
    expect(readFileSync(file, "utf8")).toBe("МОЄ\n");
  });

  it("writes English header labels for an English site, and refuses an empty headline", async () => {
    const dir = await tempDir("new-en");
    await writeFiles(dir, { "vistka.config.json": '{"lang": "en"}' });
    expect((await vistka(["new", "Bridge opens"], dir)).code).toBe(0);
    const [name] = readdirSync(path.join(dir, "articles"));
    const text = readFileSync(path.join(dir, "articles", name as string), "utf8");
    expect(text).toMatch(/^Bridge opens\n\nSource: \nDate: \d{4}-\d\d-\d\d \d\d:\d\d\n/);
    expect(text).toContain("\nDraft: yes\n");
    const empty = await vistka(["new", "   "], dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error: the headline is empty/);
  });
});

describe("vistka init", () => {
  it("writes a config and an example article that build into a site", async () => {
    const dir = await tempDir("init");
    const r = await vistka(["init"], dir);
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(readFileSync(path.join(dir, "vistka.config.json"), "utf8"));
    expect(config).toMatchObject({ lang: "uk", in: "articles", out: "dist" });
    expect(readdirSync(path.join(dir, "articles"))).toHaveLength(1);
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toContain("dist/");
    const built = await vistka(["build", "--no-cache"], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^Built 1 article/);
    // The example is a whole article: no warning about a missing part.
    expect(built.stderr).toBe("");
  });

  it("refuses a non-empty folder; with --force it adds only what is missing", async () => {
    const dir = await tempDir("init-full");
    await writeFiles(dir, { "vistka.config.json": '{"title": "Наша"}\n' });
    const refused = await vistka(["init"], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not empty .*--force/);
    expect(existsSync(path.join(dir, "articles"))).toBe(false);
    const forced = await vistka(["init", "--force"], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "vistka.config.json"), "utf8")).toBe('{"title": "Наша"}\n');
    expect(forced.stdout).toContain("kept what was there: vistka.config.json");
    expect(readdirSync(path.join(dir, "articles"))).toHaveLength(1);
  });

  it("makes the folder it is given", async () => {
    const dir = await tempDir("init-sub");
    const r = await vistka(["init", "newsroom", "--lang", "en"], dir);
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(
      readFileSync(path.join(dir, "newsroom", "vistka.config.json"), "utf8"),
    );
    expect(config.lang).toBe("en");
    expect(r.stdout).toContain("cd newsroom && npx vistka build");
  });
});

describe("help and usage errors point to the command", () => {
  it("vistka help build prints build's help", async () => {
    const dir = await tempDir("help");
    const r = await vistka(["help", "build"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: vistka build");
    expect(r.stdout).toContain("--base-url");
  });

  it("an unknown option of build points to vistka build --help", async () => {
    const dir = await tempDir("bogus");
    const r = await vistka(["build", "--bogus"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--bogus'\n(run vistka build --help for usage)\n");
  });
});

describe("template errors", () => {
  const cases: [string, string, RegExp][] = [
    [
      "an unclosed block",
      "{{#each articles}}\n<p>\n",
      /^error: tpl\/index\.hbs:3: template syntax error: expected .*\{\{\/…\}\} but found the end of the file \(near ".*each articles\}\}<p>"\)$/,
    ],
    [
      "a block closed by another",
      "{{#if site}}\n{{/each}}\n",
      /^error: tpl\/index\.hbs:1: template syntax error: \{\{#if\}\} is closed by \{\{\/each\}\}$/,
    ],
  ];
  for (const [what, template, expected] of cases) {
    it(`${what}: one line, relative path and line, with what was expected`, async () => {
      const dir = await tempDir("tpl");
      await writeFiles(dir, { "articles/a.txt": ARTICLE, "tpl/index.hbs": template });
      const r = await vistka(["build", "--no-cache", "--templates", "tpl"], dir);
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(expected);
    });
  }
});

describe("a reserved slug from a Slug header", () => {
  it("names the header's line and does not suggest adding a Slug header", async () => {
    const dir = await tempDir("reserved");
    await writeFiles(dir, {
      "articles/a.txt": "Заголовок\n\nSlug: index\nДата: 2026-11-20\n\nТекст.\n",
    });
    const r = await vistka(["build", "--no-cache"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: articles/a.txt:3: the slug "index" is reserved for the site's own pages (choose another Slug)\n`,
    );
    expect(r.stderr).not.toContain("add a Slug");
  });

  it("a file name that makes one still says to rename it or add a Slug header", async () => {
    const dir = await tempDir("reserved-name");
    await writeFiles(dir, { "articles/search.txt": ARTICLE });
    const r = await vistka(["build", "--no-cache"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('articles/search.txt: the slug "search" is reserved');
    expect(r.stderr).toContain("add a Slug: header");
  });
});
