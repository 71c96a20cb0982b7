/**
 * Atom, RSS and JSON Feed of a sub-path site, read back with a feed-reading
 * library: the newest 50 dated articles, newest first, every field, absolute
 * URLs under /news/, drafts only with --drafts, headlines as text.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slugify } from "../../src/core/shared/slug.js";
import { articleText, removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";
import { BASE_URL, localStamp } from "./helpers.js";

const SITE_TITLE = "Тестова стрічка";
const COUNT = 58;
const SCRIPT_HEADLINE = "Перевірка <script>alert(1)</script> & “quotes” у заголовку";

interface Expected {
  slug: string;
  headline: string;
  /** ISO with the Kyiv summer offset. */
  published: string;
  /** The `Автор:`, or null: the source is never taken for one. */
  author: string | null;
  summary: string;
  second: string;
  tags: string[];
}

/**
 * 58 dated articles 13 h 7 min apart from 1 June 2026 (all in Kyiv summer
 * time, +03:00), written to files in an order unrelated to their dates.
 * The newest carries the hostile headline.
 */
function makeArticles(): { files: Record<string, string>; expected: Expected[] } {
  const files: Record<string, string> = {};
  const expected: Expected[] = [];
  const start = Date.UTC(2026, 5, 1, 3, 0); // 06:00 in Kyiv
  for (let i = 0; i < COUNT; i++) {
    const stamp = localStamp(start + i * (13 * 60 + 7) * 60_000, 3);
    const slug = `novyna-${String(i).padStart(2, "0")}`;
    const headline = i === COUNT - 1 ? SCRIPT_HEADLINE : `Новина номер ${i} про життя міста`;
    const source = i % 5 === 4 ? undefined : `Джерело ${i % 3}`;
    const author = i % 3 === 0 ? `Авторка ${i}` : undefined;
    const tags = i % 4 === 0 ? ["економіка", `тема ${i % 8}`] : [];
    const summary = `Перший абзац новини ${i}: мешканці обговорюють зміни на вулиці номер ${i * 3}.`;
    const second = `Другий абзац новини ${i} з подробицями та цитатами очевидців.`;
    // File names do not sort by date: the order must come from the dates.
    files[`articles/${String((i * 37) % COUNT).padStart(2, "0")}-${slug}.txt`] = articleText({
      headline,
      date: stamp,
      source,
      author,
      tags,
      slug,
      body: [summary, second],
    });
    expected.push({
      slug,
      headline,
      published: `${stamp}:00+03:00`,
      author: author ?? null,
      summary,
      second,
      tags,
    });
  }
  files["articles/bez-daty.txt"] = articleText({
    headline: "Новина без дати",
    source: "Джерело 1",
    body: ["Ця новина не має дати і не потрапляє до стрічок."],
  });
  files["articles/chernetka.txt"] = articleText({
    headline: "Чернетка найновішої новини",
    date: "2026-08-15T12:00",
    source: "Джерело 2",
    draft: true,
    slug: "chernetka",
    body: ["Текст чернетки, який ще не можна публікувати."],
  });
  return { files, expected: expected.reverse() };
}

const { files, expected } = makeArticles();
const NEWEST_50 = expected.slice(0, 50);

let dist = "";
let draftsDist = "";

async function read(dir: string, name: string): Promise<string> {
  return readFile(path.join(dir, name), "utf8");
}

beforeAll(async () => {
  const dir = await tempDir("feeds");
  await writeFiles(dir, files);
  const args = ["build", "--quiet", "--base-url", BASE_URL, "--title", SITE_TITLE];
  const [plain, drafts] = await Promise.all([
    vistka([...args, "--out", "dist"], dir),
    vistka([...args, "--out", "dist-drafts", "--drafts"], dir),
  ]);
  expect(plain.code, plain.stderr).toBe(0);
  expect(drafts.code, drafts.stderr).toBe(0);
  dist = path.join(dir, "dist");
  draftsDist = path.join(dir, "dist-drafts");
});
afterAll(removeTempDirs);

const url = (slug: string) => `${BASE_URL}${slug}/`;

describe.each([
  ["Atom", "feed.xml"],
  ["RSS", "rss.xml"],
])("the %s feed", (_name, file) => {
  it("parses and describes the site with absolute URLs", async () => {
    const feed = parseFeed(await read(dist, file));
    expect(feed.title).toBe(SITE_TITLE);
    expect(feed.url).toBe(BASE_URL);
    expect(feed.self).toBe(`${BASE_URL}${file}`);
    expect(feed.language).toBe("uk");
  });

  it("has the newest 50 dated articles, newest first", async () => {
    const feed = parseFeed(await read(dist, file));
    expect(feed.items.map((i) => i.url)).toEqual(NEWEST_50.map((e) => url(e.slug)));
  });

  it("gives every item its title, link, id, date, author, summary and content", async () => {
    const feed = parseFeed(await read(dist, file));
    expect(feed.items).toHaveLength(50);
    feed.items.forEach((item, n) => {
      const e = NEWEST_50[n] as Expected;
      expect(item.title).toBe(e.headline);
      expect(item.url).toBe(url(e.slug));
      expect(item.id).toBe(url(e.slug));
      expect(item.published?.getTime()).toBe(Date.parse(e.published));
      // No author is made of the source. Atom gives an entry without one the feed's: the site.
      const authors = item.authors.map((a) => a.name);
      if (e.author !== null) expect(authors).toEqual([e.author]);
      else expect(authors).toEqual(file === "feed.xml" ? [SITE_TITLE] : []);
      expect(item.description).toBe(e.summary);
      expect(item.content).toContain(e.summary);
      expect(item.content).toContain(e.second);
      expect(item.categories.map((c) => c.term)).toEqual(e.tags);
    });
  });

  it("carries a hostile headline back as the exact text", async () => {
    const feed = parseFeed(await read(dist, file));
    expect(feed.items[0]?.title).toBe(SCRIPT_HEADLINE);
  });

  it("leaves out the undated article and the draft", async () => {
    const raw = await read(dist, file);
    expect(raw).not.toContain("bez-daty");
    expect(raw).not.toContain("chernetka");
  });

  it("with --drafts still leaves the draft out: a preview of drafts announces nothing", async () => {
    const feed = parseFeed(await read(draftsDist, file));
    expect(feed.items.map((i) => i.url)).toEqual(expected.slice(0, 50).map((e) => url(e.slug)));
  });
});

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  content_html: string;
  date_published: string;
  authors?: { name: string; url: string }[];
  tags?: string[];
}
interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  language: string;
  items: JsonFeedItem[];
}

describe("the JSON feed", () => {
  it("is JSON Feed 1.1 describing the site", async () => {
    const feed = JSON.parse(await read(dist, "feed.json")) as JsonFeed;
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe(SITE_TITLE);
    expect(feed.home_page_url).toBe(BASE_URL);
    expect(feed.feed_url).toBe(`${BASE_URL}feed.json`);
    expect(feed.language).toBe("uk");
  });

  it("has the newest 50 dated articles, newest first, with every field", async () => {
    const feed = JSON.parse(await read(dist, "feed.json")) as JsonFeed;
    expect(feed.items.map((i) => i.url)).toEqual(NEWEST_50.map((e) => url(e.slug)));
    feed.items.forEach((item, n) => {
      const e = NEWEST_50[n] as Expected;
      expect(item.id).toBe(url(e.slug));
      expect(item.title).toBe(e.headline);
      expect(item.date_published).toBe(e.published);
      expect(item.authors).toEqual(
        e.author === null
          ? undefined
          : [{ name: e.author, url: `${BASE_URL}authors/${slugify(e.author)}/` }],
      );
      expect(item.summary).toBe(e.summary);
      expect(item.content_html).toContain(e.summary);
      expect(item.content_html).toContain(e.second);
      expect(item.tags ?? []).toEqual(e.tags);
    });
  });

  it("keeps a hostile headline as text and escapes it in the HTML content", async () => {
    const feed = JSON.parse(await read(dist, "feed.json")) as JsonFeed;
    expect(feed.items[0]?.title).toBe(SCRIPT_HEADLINE);
    for (const item of feed.items) expect(item.content_html).not.toContain("<script");
  });

  it("leaves the draft out, with --drafts too", async () => {
    const plain = JSON.parse(await read(dist, "feed.json")) as JsonFeed;
    expect(plain.items.some((i) => i.url === url("chernetka"))).toBe(false);
    expect(plain.items.some((i) => i.url === url("bez-daty"))).toBe(false);
    const drafts = JSON.parse(await read(draftsDist, "feed.json")) as JsonFeed;
    expect(drafts.items.map((i) => i.url)).toEqual(plain.items.map((i) => i.url));
  });
});

describe("all three feeds", () => {
  it("agree on the items and their order", async () => {
    const atom = parseFeed(await read(dist, "feed.xml")).items.map((i) => i.url);
    const rss = parseFeed(await read(dist, "rss.xml")).items.map((i) => i.url);
    const json = (JSON.parse(await read(dist, "feed.json")) as JsonFeed).items.map((i) => i.url);
    expect(rss).toEqual(atom);
    expect(json).toEqual(atom);
  });

  it("are announced by every page through <link rel=alternate>", async () => {
    const html = await read(dist, path.join("novyna-10", "index.html"));
    expect(html).toContain('type="application/atom+xml"');
    expect(html).toContain('href="../feed.xml"');
    expect(html).toContain('href="../rss.xml"');
    expect(html).toContain('href="../feed.json"');
  });
});
