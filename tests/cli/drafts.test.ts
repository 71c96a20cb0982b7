/**
 * Drafts (issue 19, item 6): counted in the summary and in --json; with --drafts shown for a
 * look before publishing, marked on their page (banner, noindex) and in lists, and kept out
 * of everything that announces the site: feeds, sitemaps and the search index.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attr,
  listFiles,
  loadHtml,
  one,
  removeTempDirs,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";

afterAll(removeTempDirs);

const PUBLIC = "Публічна новина про міст\n\nДжерело: Редакція\nДата: 2026-11-20\n\nТекст новини.\n";
// "Жовтоокий" is a word only the draft has: search files must not know it.
const DRAFT =
  "Таємна чернетка про жовтоокий проєкт\n\nДжерело: Редакція\nДата: 2026-11-21\nЧернетка: так\n\nЖовтоокий неготовий текст.\n";

let dir: string;
beforeAll(async () => {
  dir = await tempDir("drafts");
  await writeFiles(dir, { "articles/public.txt": PUBLIC, "articles/secret.txt": DRAFT });
});

describe("a draft in a build without --drafts", () => {
  it("is left out and counted in the summary line and in --json", async () => {
    const out = ["--out", "plain", "--base-url", "https://example.org/", "--no-cache"];
    const r = await vistka(["build", ...out], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Built 1 article,.*; 1 draft left out \(build with --drafts to preview\)/,
    );
    const files = await listFiles(path.join(dir, "plain"));
    expect(files.some((f) => f.startsWith("secret/"))).toBe(false);
    const json = await vistka(["build", ...out, "--json"], dir);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      articles: 1,
      drafts: 1,
      draftsShown: false,
    });
  });
});

describe("a draft in a build with --drafts", () => {
  let out: string;
  beforeAll(async () => {
    const r = await vistka(
      ["build", "--out", "preview", "--base-url", "https://example.org/", "--drafts", "--no-cache"],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "1 draft shown, marked as such and left out of feeds, sitemaps and search",
    );
    out = path.join(dir, "preview");
  });

  it("has its page, with a banner and a noindex robots meta", async () => {
    const page = await loadHtml(path.join(out, "secret", "index.html"));
    expect(attr(one(page, 'meta[name="robots"]'), "content")).toBe("noindex");
    expect(page.querySelector(".draft-banner")?.textContent).toMatch(/^Чернетка: /);
    const other = await loadHtml(path.join(out, "public", "index.html"));
    expect(other.querySelector('meta[name="robots"]')).toBeNull();
    expect(other.querySelector(".draft-banner")).toBeNull();
  });

  it("is marked as a draft in the lists, the published article is not", async () => {
    const index = await loadHtml(path.join(out, "index.html"));
    // The newest, the draft, leads the front page; the other follows as a teaser.
    const teasers = index.querySelectorAll(".lead-story, .teaser");
    const marked = teasers.map((t) => [
      t.querySelector(".lead-title, .teaser-title")?.textContent.trim(),
      t.querySelector(".draft-mark") !== null,
    ]);
    expect(marked).toEqual([
      ["Таємна чернетка про жовтоокий проєкт", true],
      ["Публічна новина про міст", false],
    ]);
  });

  it("is in no feed, sitemap or search file; the published article is", async () => {
    const files = await listFiles(out);
    const announcing = files.filter(
      (f) =>
        /^(feed\.xml|rss\.xml|feed\.json|sitemap.*\.xml|news-sitemap\.xml)$/.test(f) ||
        (f.startsWith("search/") && f.endsWith(".js")),
    );
    expect(announcing.length).toBeGreaterThan(5);
    const all = announcing.map((f) => readFileSync(path.join(out, f), "utf8")).join("\n");
    expect(all).not.toMatch(/secret|Таємна|жовтоок/i);
    expect(all).toContain("public/");
    expect(all).toMatch(/міст/);
  });
});
