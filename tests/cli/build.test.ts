/**
 * `vistka build` end to end: the built CLI runs as a child process in a
 * throw-away folder with articles written here, and the pages it writes are
 * parsed as HTML and checked part by part.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HtmlElement } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attr,
  listFiles,
  loadHtml,
  one,
  REPO,
  removeTempDirs,
  snapshot,
  tempDir,
  text,
  urlAttributes,
  vistka,
  writeFiles,
} from "../support/index.js";

// ---------------------------------------------------------------------------
// The test site: four short articles, each exercising a different path.

/** Ukrainian date header in words, author, tags, direct speech, inline link, bullets and briefs. */
const BRIDGE = {
  file: "2023-11-24-mist-cherez-richku.txt",
  slug: "mist-cherez-richku",
  headline: "Через річку Стрийку відкрили новий пішохідний міст",
  source: "Районна адміністрація",
  author: "Ірина Мельник",
  body: [
    "Новий пішохідний міст зʼєднав два береги села Верхнє після двох років без переправи.",
    "– Тепер дітям не треба обходити три кілометри до школи, – каже староста Петро Ковальчук.",
    "Будівництво оплатили з бюджету громади, подробиці є на сторінці громади.",
  ],
  background: [
    "Попередній міст зруйнувала повінь навесні 2021 року.",
    "Довжина нової переправи — 48 метрів.",
  ],
  related: [
    "У Верхньому відремонтують дорогу до амбулаторії.",
    "Сільська бібліотека отримала дві сотні нових книжок.",
  ],
};
const BRIDGE_TEXT = [
  BRIDGE.headline,
  "",
  `Джерело: ${BRIDGE.source}`,
  "Дата: 24 листопада 2023",
  `Автор: ${BRIDGE.author}`,
  "Теги: громада, інфраструктура",
  "",
  BRIDGE.body[0],
  "",
  BRIDGE.body[1],
  "Будівництво оплатили з бюджету громади, подробиці є на [сторінці громади](https://example.org/verkhnie/mist).",
  "",
  `- ${BRIDGE.background[0]}`,
  `- ${BRIDGE.background[1]}`,
  "",
  BRIDGE.related[0],
  BRIDGE.related[1],
  "",
].join("\n");

/** English labels, a time later the same day (so it sorts first), Slug header, no bullets, no briefs. */
const LIBRARY = {
  file: "library.txt",
  slug: "library-hours",
  headline: "Library extends opening hours for the winter",
  source: "City Library",
  body: [
    "The central library will stay open until nine in the evening from December.",
    "Staff say evening visits doubled last winter, mostly students preparing for exams.",
  ],
};
const LIBRARY_TEXT = `${LIBRARY.headline}\r\n\r\nSource: ${LIBRARY.source}\r\nDate: 2023-11-24T18:00\r\nSlug: ${LIBRARY.slug}\r\n\r\n${LIBRARY.body.join("\r\n")}\r\n`;

/** Date from the (Cyrillic) file name, raw HTML and an unsafe link in the text. */
const PAPER = {
  file: "2023-11-02-осінній-збір.txt",
  slug: "osinnii-zbir",
  headline: "Осінній збір макулатури побив торішній рекорд",
  source: "Екологічна ініціатива «Чисто»",
};
const PAPER_TEXT = [
  PAPER.headline,
  `Джерело: ${PAPER.source}`,
  "",
  "Учні шкіл міста зібрали дванадцять тонн паперу за місяць.",
  "Організатори просять не писати <b>жирним</b> у заявках.",
  "Правила збору [тут](javascript:alert(1)) більше не діють.",
  "",
].join("\n");

/** No date at all: listed last, with a warning on stderr. */
const NOTICE = {
  file: "bez-daty.txt",
  slug: "bez-daty",
  headline: "Автобуси маршруту № 5 змінюють розклад",
};
const NOTICE_TEXT = `${NOTICE.headline}\n\nУ вихідні автобуси ходитимуть раз на пів години.\n`;

const ARTICLES: Record<string, string> = {
  [`articles/${BRIDGE.file}`]: BRIDGE_TEXT,
  [`articles/${LIBRARY.file}`]: LIBRARY_TEXT,
  [`articles/${PAPER.file}`]: PAPER_TEXT,
  [`articles/${NOTICE.file}`]: NOTICE_TEXT,
};
/** Newest first: same day at 18:00 before that day's midnight; undated last. */
const ORDER = [LIBRARY.slug, BRIDGE.slug, PAPER.slug, NOTICE.slug];

/** A project folder `<tmp>/proj` with the articles above; returns the project path. */
async function makeProject(label: string, files: Record<string, string> = ARTICLES) {
  const root = await tempDir(label);
  const proj = path.join(root, "proj");
  await writeFiles(proj, files);
  return { root, proj };
}

/** The text of the element an aria-labelledby/aria-label gives as the element's name. */
function accessibleLabel(root: HtmlElement, el: HtmlElement): string {
  const label = attr(el, "aria-label");
  if (label) return label;
  const ids = attr(el, "aria-labelledby");
  if (!ids) return "";
  return ids
    .split(/\s+/)
    .map((id) => text(root.querySelector(`[id="${id}"]`)))
    .join(" ");
}

/** The `li` elements whose text is exactly one of `items`, in document order. */
function itemsMatching(root: HtmlElement, items: string[]): HtmlElement[] {
  return root.querySelectorAll("li").filter((li) => items.includes(text(li)));
}

/** `link` relations that are only metadata: a browser does not load them with the page. */
const LINK_METADATA = new Set([
  "canonical",
  "alternate",
  "prev",
  "next",
  "author",
  "license",
  "me",
]);

/** True when the browser loads this element's URL by itself while showing the page. */
function fetchedByBrowser(el: HtmlElement): boolean {
  if (el.tagName === "a" || el.tagName === "area" || el.tagName === "form") return false;
  if (el.tagName === "link") {
    const rels = (attr(el, "rel") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    return !rels.every((r) => LINK_METADATA.has(r));
  }
  return true;
}

/** Resolve a relative URL from a page file to a file path (query and fragment dropped). */
function resolveFrom(pageFile: string, url: string): string {
  const clean = url.split("#")[0]?.split("?")[0] ?? "";
  const target = path.resolve(path.dirname(pageFile), decodeURIComponent(clean));
  return clean.endsWith("/") ? path.join(target, "index.html") : target;
}

beforeAll(async () => {});
afterAll(async () => {
  await removeTempDirs();
});

// ---------------------------------------------------------------------------

describe("a successful build", () => {
  let proj: string;
  let dist: string;
  let run: Awaited<ReturnType<typeof vistka>>;

  beforeAll(async () => {
    ({ proj } = await makeProject("good"));
    dist = path.join(proj, "dist");
    run = await vistka(["build"], proj);
  });

  it("exits 0 and prints exactly one summary line on stdout", () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").filter((l) => l.trim() !== "");
    // Notes and warnings belong in that line or on stderr: scripts read stdout.
    expect(lines, run.stdout).toHaveLength(1);
    expect(lines[0]).toMatch(/\b4 articles\b/);
    expect(lines[0]).toContain("dist");
    expect(run.stdout.endsWith("\n")).toBe(true);
  });

  it("warns on stderr about the undated article, naming its file", () => {
    expect(run.stderr).toMatch(/warning: articles\/bez-daty\.txt\b.*undated/);
  });

  it("writes dist/index.html, one dist/<slug>/index.html per article, and a stylesheet", async () => {
    expect(existsSync(path.join(dist, "index.html"))).toBe(true);
    for (const slug of ORDER) expect(existsSync(path.join(dist, slug, "index.html"))).toBe(true);
    const files = await listFiles(dist);
    expect(files.filter((f) => f.startsWith("assets/") && f.endsWith(".css")).length).toBe(1);
    // The sources themselves are never published.
    const inputNames = Object.keys(ARTICLES).map((f) => path.basename(f));
    expect(files.filter((f) => inputNames.includes(path.basename(f)))).toEqual([]);
  });

  describe("an article page", () => {
    let page: HtmlElement;
    let main: HtmlElement;
    const file = () => path.join(dist, BRIDGE.slug, "index.html");

    beforeAll(async () => {
      page = await loadHtml(file());
      main = one(page, "main");
    });

    it('is a document in Ukrainian: <html lang="uk">', () => {
      expect(attr(one(page, "html"), "lang")).toBe("uk");
    });

    it("has exactly one h1, and it is the headline", () => {
      const h1 = one(page, "h1");
      expect(text(h1)).toBe(BRIDGE.headline);
      expect(text(one(page, "title"))).toContain(BRIDGE.headline);
    });

    it("shows the source, the author, and the date as <time datetime> in Ukrainian long form", () => {
      const t = one(main, "time");
      expect(attr(t, "datetime")).toBe("2023-11-24");
      expect(text(t)).toBe("24 листопада 2023");
      const meta = text(main);
      expect(meta).toContain(BRIDGE.source);
      expect(meta).toContain(BRIDGE.author);
      // Source and date come before the body text, as a byline does.
      expect(meta.indexOf(BRIDGE.source)).toBeLessThan(meta.indexOf(BRIDGE.body[0] as string));
      expect(meta.indexOf("24 листопада 2023")).toBeLessThan(
        meta.indexOf(BRIDGE.body[0] as string),
      );
    });

    it("has the body paragraphs as <p>, in order, direct speech included", () => {
      const paragraphs = main.querySelectorAll("p").map(text);
      expect(paragraphs.filter((p) => BRIDGE.body.includes(p))).toEqual(BRIDGE.body);
      // The en-dash line is speech, a paragraph, never a list item.
      expect(itemsMatching(main, BRIDGE.body)).toEqual([]);
    });

    it("renders the inline Markdown link as a link inside the body paragraph", () => {
      const link = one(main, 'a[href="https://example.org/verkhnie/mist"]');
      expect(text(link)).toBe("сторінці громади");
      expect(link.closest("p")).not.toBeNull();
      expect(text(page)).not.toContain("](https://");
    });

    it("puts the background bullets in a list inside a section labelled by its heading", () => {
      const items = itemsMatching(main, BRIDGE.background);
      expect(items.map(text)).toEqual(BRIDGE.background);
      const list = items[0]?.parent;
      expect(list?.tagName).toBe("ul");
      for (const li of items) expect(li.parent).toBe(list);
      const section = items[0]?.closest("section") as HtmlElement;
      expect(section).not.toBeNull();
      const heading = section.querySelector("h2, h3, h4, h5, h6");
      expect(text(heading)).toBe("Довідка");
      expect(accessibleLabel(page, section)).toBe("Довідка");
      // The briefs are not in this section.
      expect(itemsMatching(section, BRIDGE.related)).toEqual([]);
    });

    it("puts the related briefs in their own labelled section", () => {
      const items = itemsMatching(main, BRIDGE.related);
      expect(items.map(text)).toEqual(BRIDGE.related);
      const section = items[0]?.closest("section, aside") as HtmlElement;
      expect(section).not.toBeNull();
      for (const li of items) expect(li.closest("section, aside")).toBe(section);
      expect(text(section.querySelector("h2, h3, h4, h5, h6"))).toBe("Коротко");
      expect(accessibleLabel(page, section)).toBe("Коротко");
      expect(itemsMatching(section, BRIDGE.background)).toEqual([]);
      expect(section.querySelectorAll("p").map(text)).not.toContain(BRIDGE.body[0]);
    });

    it("links back to the index with a relative URL", () => {
      const back = main.querySelectorAll("a").filter((a) => text(a).includes("На головну"));
      expect(back).toHaveLength(1);
      const href = attr(back[0] as HtmlElement, "href") as string;
      expect(href).not.toMatch(/^(\/|[a-z]+:)/i);
      expect(resolveFrom(file(), href)).toBe(path.join(dist, "index.html"));
    });

    it("links its stylesheet relatively, and the file exists", () => {
      const link = one(page, 'link[rel="stylesheet"]');
      const href = attr(link, "href") as string;
      expect(href).not.toMatch(/^(\/|[a-z]+:)/i);
      expect(existsSync(resolveFrom(file(), href))).toBe(true);
    });
  });

  it("leaves out the background and brief sections when an article has no bullets", async () => {
    const page = await loadHtml(path.join(dist, LIBRARY.slug, "index.html"));
    const main = one(page, "main");
    expect(text(one(page, "h1"))).toBe(LIBRARY.headline);
    // CRLF input: the lines are still two clean paragraphs.
    expect(
      main
        .querySelectorAll("p")
        .map(text)
        .filter((p) => LIBRARY.body.includes(p)),
    ).toEqual(LIBRARY.body);
    const headings = main.querySelectorAll("h2, h3, h4, h5, h6").map(text);
    expect(headings).not.toContain("Довідка");
    expect(headings).not.toContain("Коротко");
    expect(main.querySelectorAll("section li, aside li")).toEqual([]);
    expect(attr(one(main, "time"), "datetime")).toMatch(/^2023-11-24T18:00/);
  });

  it("shows raw HTML in the text as text and drops javascript: links", async () => {
    const page = await loadHtml(path.join(dist, PAPER.slug, "index.html"));
    const main = one(page, "main");
    expect(main.querySelectorAll("b, script")).toEqual([]);
    expect(main.querySelectorAll("p").map(text)).toContain(
      "Організатори просять не писати <b>жирним</b> у заявках.",
    );
    for (const [, , value] of urlAttributes(page)) expect(value).not.toMatch(/javascript/i);
    expect(main.querySelectorAll("p").map(text)).toContain("Правила збору тут більше не діють.");
    // The date came from the file name; the slug is the transliterated Cyrillic name.
    expect(attr(one(main, "time"), "datetime")).toBe("2023-11-02");
    expect(text(one(main, "time"))).toBe("2 листопада 2023");
  });

  describe("the index page", () => {
    let page: HtmlElement;
    const file = () => path.join(dist, "index.html");
    const HEADLINES = [BRIDGE.headline, LIBRARY.headline, PAPER.headline, NOTICE.headline];
    /** The links whose text is an article's headline, in document order. */
    const teaserLinks = () =>
      one(page, "main")
        .querySelectorAll("a")
        .filter((a) => HEADLINES.includes(text(a)));

    beforeAll(async () => {
      page = await loadHtml(file());
    });

    it("is in Ukrainian and has exactly one h1", () => {
      expect(attr(one(page, "html"), "lang")).toBe("uk");
      expect(page.querySelectorAll("h1")).toHaveLength(1);
    });

    it("lists every article newest first (undated last) with relative <slug>/index.html links", () => {
      const links = teaserLinks();
      expect(links.map((a) => attr(a, "href"))).toEqual(ORDER.map((s) => `${s}/index.html`));
      for (const a of links) {
        expect(existsSync(resolveFrom(file(), attr(a, "href") as string))).toBe(true);
      }
    });

    it("links each headline to its own page", () => {
      const byHref = new Map(teaserLinks().map((a) => [attr(a, "href"), text(a)]));
      expect(byHref.size).toBe(4);
      expect(byHref.get(`${BRIDGE.slug}/index.html`)).toBe(BRIDGE.headline);
      expect(byHref.get(`${LIBRARY.slug}/index.html`)).toBe(LIBRARY.headline);
      expect(byHref.get(`${PAPER.slug}/index.html`)).toBe(PAPER.headline);
      expect(byHref.get(`${NOTICE.slug}/index.html`)).toBe(NOTICE.headline);
    });

    it("shows date, source and the first paragraph with each headline", () => {
      const link = teaserLinks().find((a) => attr(a, "href") === `${BRIDGE.slug}/index.html`);
      const teaser = link?.closest("li") as HtmlElement;
      expect(teaser).not.toBeNull();
      expect(attr(one(teaser, "time"), "datetime")).toBe("2023-11-24");
      expect(text(teaser)).toContain("24 листопада 2023");
      expect(text(teaser)).toContain(BRIDGE.source);
      expect(text(teaser)).toContain(BRIDGE.body[0]);
      expect(text(teaser)).not.toContain(BRIDGE.body[1]);
    });

    it("links its stylesheet relatively", () => {
      const href = attr(one(page, 'link[rel="stylesheet"]'), "href") as string;
      expect(href).not.toMatch(/^(\/|[a-z]+:)/i);
      expect(existsSync(resolveFrom(file(), href))).toBe(true);
    });
  });

  it("uses no root-absolute URLs but on 404.html and requests nothing from another host", async () => {
    for (const rel of (await listFiles(dist)).filter((f) => f.endsWith(".html"))) {
      const page = await loadHtml(path.join(dist, rel));
      for (const [el, name, value] of urlAttributes(page)) {
        const where = `${rel}: <${el.tagName} ${name}="${value}">`;
        // Root-absolute and protocol-relative URLs break a site served from a sub-path or disk;
        // 404.html is the exception, served at any depth: it links from the host's root.
        if (rel === "404.html" && !value.startsWith("#")) expect(value, where).toMatch(/^\/(?!\/)/);
        else expect(value, where).not.toMatch(/^[/\\]/);
        if (fetchedByBrowser(el)) {
          // Anything the browser loads by itself (styles, scripts, images, icons) is local.
          expect(value, where).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
        } else if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
          // Links a reader may follow: only these schemes (javascript: and the like are dropped).
          expect(value, where).toMatch(/^(https?|mailto):/i);
        }
      }
    }
    for (const css of (await listFiles(dist)).filter((f) => f.endsWith(".css"))) {
      const source = await readFile(path.join(dist, css), "utf8");
      expect(source, css).not.toMatch(/@import/i);
      expect(source, css).not.toMatch(/url\(\s*["']?\s*(https?:|\/\/)/i);
    }
  });

  it("--quiet prints nothing on success, not even warnings", async () => {
    const again = await vistka(["build", "--quiet", "--out", "quiet-site"], proj);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe("");
    expect(existsSync(path.join(proj, "quiet-site", "index.html"))).toBe(true);
  });
});

// ---------------------------------------------------------------------------

describe("a build with bad articles", () => {
  const CP1251_PRYVIT = Uint8Array.from([0xcf, 0xf0, 0xe8, 0xe2, 0xb3, 0xf2]);
  const BAD: Record<string, string | Uint8Array> = {
    // Line 4: 31 February does not exist.
    "articles/regions/bad-date.txt":
      "Заголовок новини\n\nДжерело: Вістка\nДата: 31 лютого 2023\n\nТекст новини.\n",
    // Line 5: Windows-1251 bytes, not UTF-8.
    "articles/not-utf8.txt": Buffer.concat([
      Buffer.from("Headline\n\nSource: Wire\n\n"),
      CP1251_PRYVIT,
      Buffer.from("\n"),
    ]),
    // Line 4: a NUL byte (binary file).
    "articles/binary.txt": Buffer.from("Headline\n\nA body line.\nabc\0def\n"),
    // Line 1: the first line is a header, there is no headline.
    "articles/no-headline.txt": "Дата: 2023-11-01\n\nТекст без заголовка.\n",
  };
  const EXPECTED = [
    "articles/regions/bad-date.txt:4:",
    "articles/not-utf8.txt:5:",
    "articles/binary.txt:4:",
    "articles/no-headline.txt:1:",
  ];

  let proj: string;
  let dist: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    ({ proj } = await makeProject("bad"));
    dist = path.join(proj, "dist");
    const first = await vistka(["build"], proj);
    expect(first.code).toBe(0);
    before = await snapshot(dist, true);
    await writeFiles(proj, BAD);
  });

  it("exits 1 and reports every problem as file:line, not only the first", async () => {
    const run = await vistka(["build"], proj);
    expect(run.code).toBe(1);
    for (const where of EXPECTED) expect(run.stderr).toContain(where);
    expect(run.stderr).toMatch(/not-utf8\.txt:5:.*UTF-8/);
    expect(run.stderr).toMatch(/bad-date\.txt:4:.*date/i);
    expect(run.stdout).toBe("");
  });

  it("leaves the earlier dist/ byte-for-byte untouched (no file added, changed or removed)", async () => {
    const run = await vistka(["build"], proj);
    expect(run.code).toBe(1);
    expect(await snapshot(dist, true)).toEqual(before);
  });

  it("does not create a fresh --out folder", async () => {
    const run = await vistka(["build", "--out", "fresh-site"], proj);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(proj, "fresh-site"))).toBe(false);
  });

  it("names empty and whitespace-only files with file:line too", async () => {
    const { proj: p } = await makeProject("empty", {
      "articles/good.txt": NOTICE_TEXT,
      "articles/empty.txt": "",
      "articles/blank.txt": "  \n\t\n\u00a0\n",
    });
    const run = await vistka(["build"], p);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/articles\/empty\.txt\b.*empty/);
    expect(run.stderr).toMatch(/articles\/blank\.txt\b.*empty/);
    expect(existsSync(path.join(p, "dist"))).toBe(false);
    // The format's rule: every problem is reported as `file:line: message`.
    expect(run.stderr).toMatch(/articles\/empty\.txt:\d+: /);
    expect(run.stderr).toMatch(/articles\/blank\.txt:\d+: /);
  });

  it("reports two articles with the same slug as an error naming both files", async () => {
    const { proj: p } = await makeProject("dupe", {
      "articles/a/novyna.txt": NOTICE_TEXT,
      "articles/b/novyna.txt": NOTICE_TEXT,
    });
    const run = await vistka(["build"], p);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("articles/a/novyna.txt");
    expect(run.stderr).toContain("articles/b/novyna.txt");
    expect(existsSync(path.join(p, "dist"))).toBe(false);
  });
});

// ---------------------------------------------------------------------------

describe("usage errors exit 2", () => {
  let root: string;
  let proj: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    ({ root, proj } = await makeProject("usage"));
    // An earlier good build and a file of the user's own, so there is something to lose.
    expect((await vistka(["build"], proj)).code).toBe(0);
    await writeFile(path.join(proj, "notes.md"), "мої нотатки\n");
    await writeFile(path.join(root, "sibling.txt"), "поруч із проєктом\n");
    before = await snapshot(root, true);
  });

  const cases: [string, string[], RegExp][] = [
    ["an unknown option", ["build", "--no-such-option"], /--no-such-option/],
    ["a missing --in folder", ["build", "--in", "no-such-folder"], /no-such-folder/],
    ["an unknown command", ["no-such-command"], /no-such-command/],
    ["--out set to the working folder", ["build", "--out", "."], /--out/],
    ["--out set to the parent folder", ["build", "--out", ".."], /--out/],
    ["--out set to the articles folder", ["build", "--out", "articles"], /articles/],
    ["--out inside the articles folder", ["build", "--out", "articles/site"], /articles/],
    ["--in set to a file", ["build", "--in", "notes.md"], /notes\.md/],
  ];

  for (const [name, args, message] of cases) {
    it(`${name}: exit 2, a message, nothing written or deleted`, async () => {
      const run = await vistka(args, proj);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe("");
      expect(await snapshot(root, true)).toEqual(before);
    });
  }
});

// ---------------------------------------------------------------------------

describe("rebuilding an existing site", () => {
  it("removes the page of a deleted article and its emptied folder, and keeps the user's own files", async () => {
    const { proj } = await makeProject("rebuild");
    const dist = path.join(proj, "dist");
    expect((await vistka(["build"], proj)).code).toBe(0);

    // Files the user put into dist/ themselves, one of them inside an article's folder.
    await writeFiles(dist, {
      CNAME: "news.example.org\n",
      "extra/photo-credits.txt": "Фото: редакція\n",
      [`${PAPER.slug}/comments.txt`]: "коментарі читачів\n",
    });
    const userFiles = ["CNAME", "extra/photo-credits.txt", `${PAPER.slug}/comments.txt`];
    const userBytes = userFiles.map((f) => readFileSync(path.join(dist, f)));

    await rm(path.join(proj, "articles", BRIDGE.file));
    await rm(path.join(proj, "articles", PAPER.file));
    const run = await vistka(["build"], proj);
    expect(run.code).toBe(0);

    expect(existsSync(path.join(dist, BRIDGE.slug, "index.html"))).toBe(false);
    expect(existsSync(path.join(dist, BRIDGE.slug))).toBe(false);
    // The folder still holds a user's file: the page goes, the folder and that file stay.
    expect(existsSync(path.join(dist, PAPER.slug, "index.html"))).toBe(false);
    for (const [i, f] of userFiles.entries()) {
      expect(readFileSync(path.join(dist, f)).equals(userBytes[i] as Buffer), f).toBe(true);
    }
    // The remaining articles are still there, and the index no longer links the deleted ones.
    expect(existsSync(path.join(dist, LIBRARY.slug, "index.html"))).toBe(true);
    expect(existsSync(path.join(dist, NOTICE.slug, "index.html"))).toBe(true);
    const index = await loadHtml(path.join(dist, "index.html"));
    const hrefs = index.querySelectorAll("main a").map((a) => attr(a, "href"));
    expect(hrefs).toContain(`${LIBRARY.slug}/index.html`);
    expect(hrefs).not.toContain(`${BRIDGE.slug}/index.html`);
    expect(hrefs).not.toContain(`${PAPER.slug}/index.html`);
  });

  it("refuses a non-empty folder it did not create unless --force is given", async () => {
    const { proj } = await makeProject("foreign");
    const site = path.join(proj, "site");
    await writeFiles(site, { "index.html": "<p>чужий сайт</p>\n", "keep/me.txt": "не чіпати\n" });
    const before = await snapshot(site, true);

    const refused = await vistka(["build", "--out", "site"], proj);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--force/);
    expect(await snapshot(site, true)).toEqual(before);

    const forced = await vistka(["build", "--out", "site", "--force"], proj);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(site, "keep/me.txt"), "utf8")).toBe("не чіпати\n");
    expect(existsSync(path.join(site, BRIDGE.slug, "index.html"))).toBe(true);
  });

  it("builds the same input into two folders as byte-identical trees", async () => {
    const { proj } = await makeProject("twice");
    expect((await vistka(["build", "--out", "out-a"], proj)).code).toBe(0);
    expect((await vistka(["build", "--out", "out-b"], proj)).code).toBe(0);
    const a = path.join(proj, "out-a");
    const b = path.join(proj, "out-b");
    const filesA = await listFiles(a);
    expect(filesA.length).toBeGreaterThan(ORDER.length);
    expect(await listFiles(b)).toEqual(filesA);
    for (const f of filesA) {
      const same = readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f)));
      expect(same, f).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------

describe("--version and --help", () => {
  let cwd: string;
  const version = (
    JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }
  ).version;

  beforeAll(async () => {
    cwd = await tempDir("help");
  });

  it("--version prints the package.json version", async () => {
    const run = await vistka(["--version"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it("--help exits 0 and lists the commands", async () => {
    const run = await vistka(["--help"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\bbuild\b/);
    expect(run.stdout).toMatch(/\binspect\b/);
    expect(run.stdout).toContain("--version");
  });

  it("build --help exits 0 and lists the build options", async () => {
    const run = await vistka(["build", "--help"], cwd);
    expect(run.code).toBe(0);
    for (const option of ["--in", "--out", "--templates", "--quiet"]) {
      expect(run.stdout).toContain(option);
    }
    // Help builds nothing.
    expect(existsSync(path.join(cwd, "dist"))).toBe(false);
  });

  it("inspect --help exits 0 and lists --json", async () => {
    const run = await vistka(["inspect", "--help"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--json");
  });
});
