/**
 * The two signatures made of an article's whole text (src/core/site/views.ts,
 * src/core/search/documents.ts): an article page's signature changes with every field the
 * parser gives but the file, slug and split, and its search document's record signature
 * with every part of the record; neither lets two parts run into each other, and the same
 * article gives the same signatures. (A page or document whose signature stays is not made
 * again: a field left out would leave its edits unpublished.)
 */
import { describe, expect, it } from "vitest";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { prepareDocument } from "../../src/core/search/search-index.js";
import type { SiteOptions } from "../../src/core/site/model.js";
import { articleView } from "../../src/core/site/views.js";

const OPTIONS: SiteOptions = { lang: "uk", timeZone: "Europe/Kyiv", codeSig: "code-1" };

const TEXT = [
  "Мер відкрив новий міст",
  "",
  "Джерело: Міська рада",
  "Дата: 2026-11-20T10:00",
  "Автор: Олена Коваль",
  "Теги: місто, транспорт",
  "",
  "Міст через річку відкрили в п'ятницю.",
  "Рух трамваїв відновлять у понеділок.",
  "- Будівництво тривало два роки.",
  "",
  "Бібліотека відкрила читальний зал для дітей.",
].join("\n");

function base(): Article {
  const r = parseArticle(TEXT, "articles/mist.txt");
  if (!r.ok) throw new Error(r.problems[0]?.message);
  expect(r.article.background.length).toBeGreaterThan(0);
  expect(r.article.related.length).toBeGreaterThan(0);
  return r.article;
}

const sigOf = (a: Article) => articleView(a, OPTIONS).sig;

/** The article with one field changed, by name. */
const CHANGES: [string, (a: Article) => Article][] = [
  ["headline", (a) => ({ ...a, headline: `${a.headline}!` })],
  ["source", (a) => ({ ...a, source: null })],
  ["date", (a) => ({ ...a, date: "2026-11-21T10:00:00" })],
  ["author", (a) => ({ ...a, author: "Інший автор" })],
  ["updated", (a) => ({ ...a, updated: "2026-11-22T09:00:00" })],
  ["a tag", (a) => ({ ...a, tags: [...a.tags, "мости"] })],
  ["a body paragraph", (a) => ({ ...a, body: [a.body[0] as string, "Інший абзац."] })],
  ["the background", (a) => ({ ...a, background: [] })],
  ["the briefs", (a) => ({ ...a, related: [`${a.related[0]} Ще.`] })],
  ["a correction", (a) => ({ ...a, corrections: ["Виправлено дату."] })],
  ["draft", (a) => ({ ...a, draft: true })],
  [
    "photos",
    (a) => ({
      ...a,
      photos: [{ src: "p.jpg", alt: "Міст", caption: null, credit: null, line: 9 }],
    }),
  ],
  ["featured", (a) => ({ ...a, featured: true })],
];

describe("an article page's signature", () => {
  it("is the same for the same article, and not for another file, slug or split of it", () => {
    const a = base();
    expect(sigOf(base())).toBe(sigOf(a));
    expect(sigOf({ ...a, file: "articles/other.txt", slug: "other" })).toBe(sigOf(a));
  });

  it.each(CHANGES)("changes with %s", (_what, change) => {
    expect(sigOf(change(base()))).not.toBe(sigOf(base()));
  });

  it("is another for every change, and never lets two parts run into each other", () => {
    const a = base();
    const [first, second] = a.body as [string, string];
    const sigs = [
      sigOf(a),
      ...CHANGES.map(([, change]) => sigOf(change(a))),
      // One paragraph's end moved into the next; a paragraph moved from body to background.
      sigOf({ ...a, body: [first + second.slice(0, 4), second.slice(4)] }),
      sigOf({ ...a, body: [first], background: [second, ...a.background] }),
      sigOf({ ...a, tags: [], body: [...a.tags, ...a.body] }),
    ];
    expect(new Set(sigs).size).toBe(sigs.length);
  });
});

describe("a search document's record signature", () => {
  const VIEW = {
    path: "mist/index.html",
    headline: "Мер відкрив новий міст",
    source: { name: "Міська рада" } as { name: string } | null,
    tags: [{ name: "місто" }],
    datetime: "2026-11-20T10:00:00+02:00",
    dateText: "20 листопада 2026, 10:00",
    lang: null as string | null,
  };
  const PARAGRAPHS = ["Міст відкрили в п'ятницю.", "Рух трамваїв відновлять."];
  const sigOfDoc = (view: Partial<typeof VIEW> = {}, paragraphs = PARAGRAPHS) =>
    prepareDocument({ view: { ...VIEW, ...view }, textSig: "t", paragraphs: () => paragraphs })
      .recordSig;

  it("is the same for the same record, as 12 hex digits", () => {
    expect(sigOfDoc()).toBe(sigOfDoc({}, [...PARAGRAPHS]));
    expect(sigOfDoc()).toMatch(/^[0-9a-f]{12}$/);
  });

  it("changes with every part of the record, and only those", () => {
    const sigs = [
      sigOfDoc(),
      sigOfDoc({ headline: "Інший заголовок" }),
      sigOfDoc({ path: "insha/index.html" }),
      sigOfDoc({ datetime: "2026-11-20T08:00:00Z" }),
      sigOfDoc({ dateText: "20 листопада 2026" }),
      sigOfDoc({ source: { name: "Інше джерело" } }),
      sigOfDoc({ source: null }),
      sigOfDoc({ lang: "en" }),
      sigOfDoc({}, [...PARAGRAPHS, "Ще один абзац."]),
      sigOfDoc({}, [PARAGRAPHS.join(" ")]),
    ];
    expect(new Set(sigs).size).toBe(sigs.length);
    // Tags are searched, but not shown in a result: the record has none.
    expect(sigOfDoc({ tags: [{ name: "мости" }] })).toBe(sigOfDoc());
  });
});
