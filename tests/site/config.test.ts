/**
 * Configuration through the built CLI: every kind of mistake in
 * vistka.config.json or on the command line is one line naming the key, exit
 * 2, nothing written; flags override the file; folder paths in the file are
 * read from the file's own folder.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  articleText,
  lines,
  loadHtml,
  one,
  removeTempDirs,
  STACK_FRAME,
  tempDir,
  text,
  vistka,
  writeFiles,
} from "../support/index.js";

const ARTICLES: Record<string, string> = {
  "articles/pershyi.txt": articleText({
    headline: "Перша перевірка налаштувань сайту",
    date: "2026-05-04T09:15",
    source: "Редакція",
    body: ["Короткий текст першої перевірки."],
  }),
  "articles/druhyi.txt": articleText({
    headline: "Друга перевірка налаштувань сайту",
    date: "2026-05-05T11:40",
    body: ["Короткий текст другої перевірки."],
  }),
  "articles/tretii.txt": articleText({
    headline: "Третя перевірка налаштувань сайту",
    date: "2026-05-06T16:05",
    body: ["Короткий текст третьої перевірки."],
  }),
};

/** A folder with the articles and, when given, a vistka.config.json with exactly `config`. */
async function project(label: string, config?: string): Promise<string> {
  const dir = await tempDir(label);
  await writeFiles(dir, ARTICLES);
  if (config !== undefined) await writeFiles(dir, { "vistka.config.json": config });
  return dir;
}

/** The error contract: exit 2, one `error:` line with every fragment, no stack, nothing written. */
async function expectConfigError(dir: string, args: string[], fragments: string[]): Promise<void> {
  const r = await vistka(["build", ...args], dir);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  const errLines = lines(r.stderr);
  expect(errLines, r.stderr).toHaveLength(1);
  const line = errLines[0] as string;
  expect(line.startsWith("error: ")).toBe(true);
  for (const f of fragments) expect(line).toContain(f);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(existsSync(path.join(dir, "dist"))).toBe(false);
}

afterAll(removeTempDirs);

describe("mistakes in vistka.config.json", () => {
  it("an unknown key is named, with the known keys listed", async () => {
    const dir = await project("unknown", JSON.stringify({ title: "Газета", titel: "Газета" }));
    await expectConfigError(dir, [], ["vistka.config.json", '"titel"', "baseUrl", "pageSize"]);
  });

  it('a number written as text (pageSize "20") is a wrong type', async () => {
    const dir = await project("type", JSON.stringify({ pageSize: "20" }));
    await expectConfigError(dir, [], ["vistka.config.json", "pageSize", "whole number"]);
  });

  it("a title that is not text is a wrong type", async () => {
    const dir = await project("title-type", JSON.stringify({ title: 42 }));
    await expectConfigError(dir, [], ["vistka.config.json", "title", "expected"]);
  });

  it("pageSize 0 is out of range", async () => {
    const dir = await project("zero", JSON.stringify({ pageSize: 0 }));
    await expectConfigError(dir, [], ["pageSize", "whole number"]);
  });

  it("a fractional pageSize is rejected", async () => {
    const dir = await project("fraction", JSON.stringify({ pageSize: 2.5 }));
    await expectConfigError(dir, [], ["pageSize", "whole number"]);
  });

  it.each([
    ["without a scheme", "example.org"],
    ["with a non-http scheme", "ftp://x"],
    ["with a query", "https://example.org/news/?x=1"],
  ])("a baseUrl %s is rejected", async (_label, baseUrl) => {
    const dir = await project("baseurl", JSON.stringify({ baseUrl }));
    await expectConfigError(dir, [], ["vistka.config.json", "baseUrl", "URL"]);
  });

  it.each([
    ["a line break", "https://example.org/news/\nDisallow: /"],
    ["a carriage return", "https://example.org/\rnews/"],
    ["a tab", "https://example.org/ne\tws/"],
    ["a NUL", "https://example.org/news\u0000/"],
  ])("a baseUrl with %s is rejected, not repaired", async (_label, baseUrl) => {
    const dir = await project("baseurl-control", JSON.stringify({ baseUrl }));
    await expectConfigError(dir, [], ["vistka.config.json", "baseUrl", "control characters"]);
  });

  it("an out that is the working folder names the config key, not --out", async () => {
    const dir = await project("out-key", JSON.stringify({ out: "articles/.." }));
    await expectConfigError(dir, [], ["vistka.config.json: out:", "working folder", "out in"]);
    const r = await vistka(["build"], dir);
    expect(r.stderr).not.toContain("--out");
  });

  it("an in that does not exist names the config key, not --in", async () => {
    const dir = await project("in-key", JSON.stringify({ in: "nemaie" }));
    await expectConfigError(dir, [], ["vistka.config.json: in:", "nemaie", 'change "in"']);
    const r = await vistka(["build"], dir);
    expect(r.stderr).not.toContain("--in");
  });

  it("an unsupported lang names the allowed values", async () => {
    const dir = await project("lang", JSON.stringify({ lang: "de" }));
    await expectConfigError(dir, [], ["vistka.config.json", "lang", '"uk"', '"en"']);
  });

  it("an unknown timeZone is rejected", async () => {
    const dir = await project("tz", JSON.stringify({ timeZone: "Mars/Olympus_Mons" }));
    await expectConfigError(dir, [], ["vistka.config.json", "timeZone", "time zone"]);
  });

  it("invalid JSON names the file and the line", async () => {
    // The comma after "uk" is missing: the parser stops on line 4.
    const dir = await project(
      "json",
      '{\n  "title": "Газета",\n  "lang": "uk"\n  "pageSize": 3\n}\n',
    );
    await expectConfigError(dir, [], ["vistka.config.json:4", "JSON"]);
  });

  it("a JSON value that is not an object is rejected", async () => {
    const dir = await project("array", '["title", "Газета"]\n');
    await expectConfigError(dir, [], ["vistka.config.json", "object"]);
  });
});

describe("mistakes in the warnings key", () => {
  it("an unknown warning is named, with the known ones", async () => {
    const dir = await project("warn-key", JSON.stringify({ warnings: { noSurce: false } }));
    await expectConfigError(dir, [], ["vistka.config.json", "warnings", '"noSurce"', "noSource"]);
  });

  it("a value that is not true or false is a wrong type", async () => {
    const dir = await project("warn-type", JSON.stringify({ warnings: { noSource: "no" } }));
    await expectConfigError(dir, [], ["warnings", "noSource", "true or false"]);
  });

  it("warnings that is not an object is a wrong type", async () => {
    const dir = await project("warn-object", JSON.stringify({ warnings: false }));
    await expectConfigError(dir, [], ["warnings", '{"noSource": false}']);
  });
});

describe("mistakes on the command line", () => {
  it("--config pointing to a missing file names that file", async () => {
    const dir = await project("missing");
    await expectConfigError(dir, ["--config", "nemaie.json"], ["nemaie.json"]);
  });

  it("--page-size abc names the flag", async () => {
    const dir = await project("flag-size");
    await expectConfigError(dir, ["--page-size", "abc"], ["--page-size", "whole number"]);
  });

  it("--page-size 0 names the flag", async () => {
    const dir = await project("flag-zero");
    await expectConfigError(dir, ["--page-size", "0"], ["--page-size"]);
  });

  it("--base-url nope names the flag", async () => {
    const dir = await project("flag-url");
    await expectConfigError(dir, ["--base-url", "nope"], ["--base-url", "URL"]);
  });

  it("--base-url with a line break names the flag", async () => {
    const dir = await project("flag-url-newline");
    await expectConfigError(
      dir,
      ["--base-url", "https://example.org/\nDisallow: /"],
      ["--base-url", "control characters"],
    );
  });

  it("--out that is the working folder names the flag, though the file has an out too", async () => {
    const dir = await project("out-flag", JSON.stringify({ out: "public" }));
    await expectConfigError(dir, ["--out", "."], ["--out", "working folder"]);
  });

  it("--time-zone with an unknown zone names the flag", async () => {
    const dir = await project("flag-tz");
    await expectConfigError(dir, ["--time-zone", "Nowhere/Atall"], ["--time-zone"]);
  });

  it("a bad flag wins over a good file: the flag is named, not the file", async () => {
    const dir = await project("flag-over-file", JSON.stringify({ pageSize: 10 }));
    const r = await vistka(["build", "--page-size", "-3"], dir);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)[0]).toContain("--page-size");
    expect(r.stderr).not.toContain("vistka.config.json");
  });

  it("--lang with an unsupported language exits 2 naming the flag", async () => {
    const dir = await project("flag-lang");
    const r = await vistka(["build", "--lang", "de"], dir);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)[0]).toContain("--lang");
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(path.join(dir, "dist"))).toBe(false);
  });
});

describe("a valid configuration", () => {
  it("is read from vistka.config.json in the working folder", async () => {
    const dir = await project(
      "file",
      JSON.stringify({ title: "Газета з файлу", lang: "en", description: "Опис з файлу" }),
    );
    const r = await vistka(["build", "--quiet"], dir);
    expect(r.code, r.stderr).toBe(0);
    const index = await loadHtml(path.join(dir, "dist", "index.html"));
    expect(text(one(index, "title"))).toBe("Газета з файлу");
    expect(one(index, "html").getAttributeValue("lang")).toBe("en");
    expect(text(one(index, ".site-description"))).toBe("Опис з файлу");
  });

  it("command-line flags override the file, key by key", async () => {
    const dir = await project(
      "override",
      JSON.stringify({ title: "Газета А", lang: "en", pageSize: 1 }),
    );
    const r = await vistka(["build", "--quiet", "--title", "Газета Б", "--page-size", "2"], dir);
    expect(r.code, r.stderr).toBe(0);
    const dist = path.join(dir, "dist");
    const index = await loadHtml(path.join(dist, "index.html"));
    expect(text(one(index, "title"))).toBe("Газета Б");
    expect(text(one(index, ".site-title"))).toBe("Газета Б");
    // Keys not given as flags still come from the file.
    expect(one(index, "html").getAttributeValue("lang")).toBe("en");
    // Three articles, two a page: the flag's page size, not the file's.
    expect(existsSync(path.join(dist, "page", "2", "index.html"))).toBe(true);
    expect(existsSync(path.join(dist, "page", "3", "index.html"))).toBe(false);
  });

  it("a baseUrl is kept as the URL parser writes it: no space or capital reaches a link", async () => {
    const dir = await project(
      "baseurl-normal",
      JSON.stringify({ baseUrl: " HTTPS://Example.ORG/Мої новини " }),
    );
    const r = await vistka(["build", "--quiet"], dir);
    expect(r.code, r.stderr).toBe(0);
    const base = "https://example.org/%D0%9C%D0%BE%D1%97%20%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/";
    const sitemap = await readFile(path.join(dir, "dist", "sitemap.xml"), "utf8");
    const locs = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toContain(base);
    for (const loc of locs) expect(loc?.startsWith(base), loc).toBe(true);
    const robots = await readFile(path.join(dir, "dist", "robots.txt"), "utf8");
    expect(robots).toContain(`Sitemap: ${base}sitemap.xml`);
  });

  it("in and out in the file are relative to the config file's folder", async () => {
    const dir = await tempDir("paths");
    const files: Record<string, string> = {};
    for (const [name, content] of Object.entries(ARTICLES)) {
      files[path.join("site", "texts", path.basename(name))] = content;
    }
    files["site/conf.json"] = JSON.stringify({ in: "texts", out: "public", title: "Шляхи" });
    await writeFiles(dir, files);
    const r = await vistka(["build", "--quiet", "--config", "site/conf.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, "site", "public", "index.html"))).toBe(true);
    expect(existsSync(path.join(dir, "public"))).toBe(false);
    expect(existsSync(path.join(dir, "dist"))).toBe(false);
    const index = await loadHtml(path.join(dir, "site", "public", "index.html"));
    expect(text(one(index, "title"))).toBe("Шляхи");
  });

  it('an article without a source is a warning, off with "warnings": {"noSource": false}', async () => {
    const dir = await project("no-source");
    const sourceless = (stderr: string) =>
      lines(stderr).filter((l) => /^warning: articles\/\S+\.txt: no source\b/.test(l));
    const warned = await vistka(["build"], dir);
    expect(warned.code, warned.stderr).toBe(0);
    expect(sourceless(warned.stderr).sort()).toEqual([
      expect.stringContaining("articles/druhyi.txt"),
      expect.stringContaining("articles/tretii.txt"),
    ]);
    // The same folder and build cache: the setting, not a stale cached warning, decides.
    await writeFiles(dir, {
      "vistka.config.json": JSON.stringify({ warnings: { noSource: false } }),
    });
    const quiet = await vistka(["build"], dir);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(sourceless(quiet.stderr)).toEqual([]);
  });

  it("--out on the command line is relative to the working folder, not the config file", async () => {
    const dir = await tempDir("paths-flag");
    const files: Record<string, string> = {};
    for (const [name, content] of Object.entries(ARTICLES)) {
      files[path.join("site", "texts", path.basename(name))] = content;
    }
    files["site/conf.json"] = JSON.stringify({ in: "texts", out: "public" });
    await writeFiles(dir, files);
    const r = await vistka(
      ["build", "--quiet", "--config", "site/conf.json", "--out", "here"],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, "here", "index.html"))).toBe(true);
    expect(existsSync(path.join(dir, "site", "public"))).toBe(false);
    expect(existsSync(path.join(dir, "site", "here"))).toBe(false);
  });
});
