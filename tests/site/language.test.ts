/**
 * Articles in another language than the site's: a page says which parts are in that
 * language (WCAG 2.2, 3.1.2 Language of Parts), so a screen reader reads English as
 * English on a Ukrainian site; the interface around them keeps the site's language.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  all,
  attr,
  loadHtml,
  one,
  removeTempDirs,
  tempDir,
  validationErrors,
  vistka,
  writeFiles,
} from "../support/index.js";
import { BASE_URL } from "./helpers.js";

const UKRAINIAN = `Міська рада затвердила новий трамвайний маршрут

Джерело: Міська рада
Дата: 2026-05-04T09:15

Новий трамвайний маршрут з'єднає Сихів із центром міста вже восени.
- Попередній маршрут закрили на ремонт колії.
`;
const ENGLISH = `Riverside town wires its bridges with flood sensors

Source: Vistka Wire
Date: 2026-05-05T11:40

Engineers in Riverside have fitted all four of the town's bridges with sensors that warn of rising water.
- The river burst its banks twice last winter.
---
The county library opens on Sundays from June.
`;

let dist: string;
beforeAll(async () => {
  const dir = await tempDir("language");
  await writeFiles(dir, {
    "articles/marshrut.txt": UKRAINIAN,
    "articles/sensors.txt": ENGLISH,
  });
  const r = await vistka(["build", "--quiet", "--base-url", BASE_URL], dir);
  expect(r.code, r.stderr).toBe(0);
  dist = path.join(dir, "dist");
});
afterAll(removeTempDirs);

const page = (rel: string) => loadHtml(path.join(dist, rel));
const langOf = (root: Awaited<ReturnType<typeof page>>, selector: string) =>
  all(root, selector).map((el) => attr(el, "lang"));

describe("an English article on a Ukrainian site", () => {
  it("its headline, text, background and briefs are marked English; the interface is not", async () => {
    const root = await page("sensors/index.html");
    expect(attr(one(root, "html"), "lang")).toBe("uk");
    expect(langOf(root, "h1")).toEqual(["en"]);
    expect(langOf(root, ".article-body")).toEqual(["en"]);
    expect(langOf(root, ".background ul")).toEqual(["en"]);
    expect(langOf(root, ".related ul")).toEqual(["en"]);
    // The labels around them are the site's: no lang of their own.
    expect(langOf(root, ".meta, .background h2, .related h2")).toEqual([null, null, null]);
  });

  it("its teaser in the lists is marked English; a Ukrainian one is not marked at all", async () => {
    const root = await page("index.html");
    // The newest, English, leads the front page; the Ukrainian one follows as a teaser.
    expect(langOf(root, ".lead-title, .teaser-title")).toEqual(["en", null]);
    expect(langOf(root, ".summary")).toEqual(["en", null]);
  });

  it("a Ukrainian article's page has no lang but the page's", async () => {
    const root = await page("marshrut/index.html");
    expect(all(root, "[lang]").map((el) => el.tagName)).toEqual(["html"]);
  });

  it("JSON-LD, the Atom entry and the JSON Feed item give the article's language", async () => {
    const html = await readFile(path.join(dist, "sensors/index.html"), "utf8");
    expect(html).toContain('"inLanguage":"en"');
    const atom = await readFile(path.join(dist, "feed.xml"), "utf8");
    expect(atom.match(/<entry[^>]*>/g)).toEqual(['<entry xml:lang="en">', "<entry>"]);
    const json = JSON.parse(await readFile(path.join(dist, "feed.json"), "utf8")) as {
      language: string;
      items: { language?: string }[];
    };
    expect(json.language).toBe("uk");
    expect(json.items.map((i) => i.language)).toEqual(["en", undefined]);
  });

  it("every page is still valid HTML", async () => {
    expect(await validationErrors(dist)).toEqual([]);
  });
});
