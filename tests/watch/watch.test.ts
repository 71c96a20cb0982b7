/**
 * `vistka watch` end to end (issue 5): a real watcher on a throw-away folder,
 * driven the way editors save files. Each scenario starts its own
 * `vistka watch --port 0`, waits for `watching`, makes a change, then waits for
 * the rebuild line(s) it causes and checks the files written to dist/.
 */
import { existsSync, truncateSync } from "node:fs";
import { cp, mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ArticleSpec,
  articleText,
  dateLine,
  ensureBuilt,
  filesContaining,
  loadHtml,
  namesMatching,
  REPO,
  removeTempDirs,
  snapshot,
  tempDir,
  urlAttributes,
  writeFiles,
} from "../support/index.js";
import { delay, humanPause, killAll, save, startWatch, Vistka } from "./support.js";

const BASE = "https://example.org/news/";

const ALPHA: ArticleSpec = {
  headline: "City council approves the winter budget",
  source: "City Council",
  date: "2024-03-01T10:00",
  tags: ["city", "budget"],
  body: [
    "The city council approved the winter budget on Friday after a long debate.",
    "Most of the money goes to heating schools and clearing snow from the streets.",
    "The vote was twenty-one to six, with two members absent.",
  ],
  background: ["Last year the budget was approved in January."],
};
const BETA: ArticleSpec = {
  headline: "Library opens a reading room for children",
  source: "City Library",
  date: "2024-03-02T11:00",
  tags: ["culture"],
  body: ["The central library opened a new reading room for children on Saturday."],
};
const GAMMA: ArticleSpec = {
  headline: "Tram line 7 returns to the old route",
  source: "City Council",
  date: "2024-03-03T09:00",
  tags: ["city", "transport"],
  body: ["Tram line 7 returns to its old route on Monday, after the bridge repairs ended."],
};
const DELTA: ArticleSpec = {
  headline: "Weather service warns of heavy snow",
  source: "Weather Service",
  date: "2024-03-04T08:00",
  tags: ["weather"],
  body: ["Up to thirty centimetres of snow are expected overnight in the northern districts."],
};
const FILES = {
  alpha: "2024-03-01-alpha.txt",
  beta: "2024-03-02-beta.txt",
  gamma: "2024-03-03-gamma.txt",
  delta: "2024-03-04-delta.txt",
};

interface Site {
  root: string;
  articles: string;
  dist: string;
  proc: Vistka;
  url: string | null;
}

/** A fresh folder with the four articles and a running `vistka watch`. */
async function startSite(label: string, extraArgs: string[] = []): Promise<Site> {
  const root = await tempDir(`watch-${label}`);
  await writeFiles(root, {
    [`articles/${FILES.alpha}`]: articleText(ALPHA),
    [`articles/${FILES.beta}`]: articleText(BETA),
    [`articles/${FILES.gamma}`]: articleText(GAMMA),
    [`articles/${FILES.delta}`]: articleText(DELTA),
  });
  const { proc, url } = await startWatch(root, ["--port", "0", "--base-url", BASE, ...extraArgs]);
  expect(proc.rebuilds()[0]?.line, proc.transcript()).toMatch(/^built articles: \d+ written/);
  return { root, articles: path.join(root, "articles"), dist: path.join(root, "dist"), proc, url };
}

const page = (site: Site, slug: string) => path.join(site.dist, slug, "index.html");
const read = (file: string) => readFile(file, "utf8");
const pageHas = async (file: string, needle: string) =>
  existsSync(file) && (await read(file)).includes(needle);

/** Every href/src of an HTML file. */
async function links(file: string): Promise<string[]> {
  return urlAttributes(await loadHtml(file)).map(([, , v]) => v);
}

/** The reload script (or anything of the live-reload endpoint) is never written into dist/. */
async function expectNoReloadScript(dist: string): Promise<void> {
  expect(await filesContaining(dist, "__vistka")).toEqual([]);
  expect(await filesContaining(dist, "EventSource")).toEqual([]);
}

beforeAll(async () => {
  await ensureBuilt();
});
afterEach(async () => {
  await killAll();
});
afterAll(async () => {
  await removeTempDirs();
});

describe.sequential("vistka watch: rebuilds after each kind of save", () => {
  it("saves made right after the `watching` line are published", async () => {
    // `watching` says the watcher is ready: a save made after it must not be lost.
    const root = await tempDir("watch-startup");
    const files: Record<string, string> = {};
    const name = (i: number) => `articles/2024-02-01-item-${i}.txt`;
    for (let i = 0; i < 150; i++) {
      files[name(i)] = articleText({ headline: `Item ${i}`, date: "2024-02-01", body: ["Body."] });
    }
    await writeFiles(root, files);
    const dist = path.join(root, "dist");
    const { proc } = await startWatch(root, ["--no-serve"], { probe: false });
    const from = proc.cursor;
    // Straight after the line: edit nine articles spread over the folder, add one.
    const edited = [1, 17, 33, 49, 65, 81, 97, 113, 149];
    for (const i of edited) {
      save(
        path.join(root, name(i)),
        articleText({ headline: `Item ${i} EDITED`, date: "2024-02-01", body: ["Body."] }),
      );
    }
    save(
      path.join(root, "articles/2024-02-02-fresh.txt"),
      articleText({ headline: "Fresh article", date: "2024-02-02", body: ["Body."] }),
    );
    // Then save article 0 (same bytes) until the watcher shows that it is running.
    for (let i = 0; ; i++) {
      save(path.join(root, name(0)), files[name(0)] as string);
      try {
        await proc.rebuildWhere(from, (r) => r.what.includes("item-0.txt"), "the probe", 250);
        break;
      } catch (error) {
        if (i > 80) throw error;
      }
    }
    const missing = async () => {
      const out: string[] = [];
      for (const i of edited)
        if (!(await pageHas(path.join(dist, `item-${i}/index.html`), "EDITED")))
          out.push(`item-${i}`);
      if (!existsSync(path.join(dist, "fresh/index.html"))) out.push("fresh");
      return out;
    };
    if ((await missing()).length > 0) {
      await proc
        .rebuiltUntil(proc.cursor, async () => (await missing()).length === 0, "the saves", 3_000)
        .catch(() => {});
    }
    expect(await missing(), `saves never published\n${proc.transcript()}`).toEqual([]);
  }, 30_000);

  it("saves made while watch starts, after its first build read the files, are published", async () => {
    // No file is watched yet when the first build is done: those saves give no event.
    const root = await tempDir("watch-first-build");
    const files: Record<string, string> = {};
    const name = (i: number) => `articles/2024-02-01-item-${i}.txt`;
    for (let i = 0; i < 40; i++)
      files[name(i)] = articleText({ headline: `Item ${i}`, date: "2024-02-01", body: ["Body."] });
    await writeFiles(root, files);
    const proc = new Vistka(["watch", "--no-serve"], root);
    await proc.line(/^built /, 0, 30_000);
    const edited = [3, 21, 39];
    for (const i of edited)
      save(
        path.join(root, name(i)),
        articleText({ headline: `Item ${i} EDITED`, date: "2024-02-01", body: ["Body."] }),
      );
    await proc.line(/^watching /, 0, 30_000);
    const dist = path.join(root, "dist");
    const missing = async () => {
      const out: string[] = [];
      for (const i of edited)
        if (!(await pageHas(path.join(dist, `item-${i}/index.html`), "EDITED")))
          out.push(`item-${i}`);
      return out;
    };
    // Published before `watching` is said; a moment more only to show what a late one gives.
    const late = await missing();
    if (late.length > 0) await delay(2_000);
    expect({ late, never: await missing() }, proc.transcript()).toEqual({ late: [], never: [] });
  }, 30_000);

  it("a config saved while watch starts, after its first build read it, takes effect", async () => {
    const root = await tempDir("watch-first-config");
    await writeFiles(root, {
      "articles/2024-02-01-item.txt": articleText({
        headline: "Item",
        date: "2024-02-01",
        body: ["Body."],
      }),
      "vistka.config.json": JSON.stringify({ title: "Old Title" }),
    });
    const proc = new Vistka(["watch", "--no-serve"], root);
    await proc.line(/^built /, 0, 30_000);
    save(path.join(root, "vistka.config.json"), JSON.stringify({ title: "New Title" }));
    await proc.line(/^watching /, 0, 30_000);
    const front = path.join(root, "dist/index.html");
    // Published before `watching` is said; a moment more only to show what a late one gives.
    const late = !(await pageHas(front, "New Title"));
    if (late) await delay(2_000);
    const never = !(await pageHas(front, "New Title"));
    expect({ late, never }, proc.transcript()).toEqual({ late: false, never: false });
  }, 30_000);

  it("editing a body paragraph rewrites the page and feeds; other files keep bytes and mtime", async () => {
    const site = await startSite("edit");
    const before = await snapshot(site.dist, true);
    const from = site.proc.cursor;
    const edited = {
      ...ALPHA,
      body: [...ALPHA.body.slice(0, 2), "The vote was EDITED unanimous."],
    };
    save(path.join(site.articles, FILES.alpha), articleText(edited));
    const lines = await site.proc.rebuiltUntil(from, () =>
      pageHas(page(site, "alpha"), "EDITED unanimous"),
    );
    expect(lines.at(-1)?.what).toBe(`articles/${FILES.alpha}`);
    const after = await snapshot(site.dist, true);

    const hash = (v: string | undefined) => v?.split(" @")[0];
    const changedBytes = Object.keys(after).filter((k) => hash(after[k]) !== hash(before[k]));
    // The third paragraph is on the article page and in the feeds' full text; no other page
    // shows it (list pages show the first paragraph only).
    expect(changedBytes).toContain("alpha/index.html");
    expect(changedBytes).toContain("feed.xml");
    expect(changedBytes.filter((k) => k.endsWith(".html"))).toEqual(["alpha/index.html"]);
    const pages = (snap: Record<string, string>) =>
      Object.keys(snap)
        .filter((k) => k.endsWith(".html"))
        .sort();
    expect(pages(after)).toEqual(pages(before));
    // Files that do not show the article at all are not touched.
    const notAboutAlpha = Object.keys(after).filter(
      (k) =>
        !k.endsWith("/") &&
        !changedBytes.includes(k) &&
        ![
          "index.html",
          "sources/city-council/index.html",
          "tags/city/index.html",
          "tags/budget/index.html",
        ].includes(k),
    );
    expect(notAboutAlpha.length).toBeGreaterThan(8);
    for (const k of notAboutAlpha) expect(after[k], k).toBe(before[k]);
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("a body-only edit leaves the list pages it is on untouched (same bytes, same mtime)", async () => {
    // The issue: "a body-only edit does not rewrite the 500 list pages it is not on", and the
    // builder's own comment: "a body-only edit leaves its list pages alone". A list page shows
    // the headline, date, source and the first paragraph's summary; editing the third
    // paragraph changes none of these, so no list page's bytes change, and none should be
    // rewritten (a rewrite bumps the mtime, invalidates caches and rsync/CDN uploads).
    const site = await startSite("listmtime");
    const before = await snapshot(site.dist, true);
    const from = site.proc.cursor;
    const edited = { ...ALPHA, body: [...ALPHA.body.slice(0, 2), "The vote was EDITED again."] };
    save(path.join(site.articles, FILES.alpha), articleText(edited));
    await site.proc.rebuiltUntil(from, () => pageHas(page(site, "alpha"), "EDITED again"));
    const after = await snapshot(site.dist, true);
    const hash = (v: string | undefined) => v?.split(" @")[0];
    const sameBytesButRewritten = Object.keys(after).filter(
      (k) => hash(after[k]) === hash(before[k]) && after[k] !== before[k],
    );
    expect(sameBytesButRewritten, "files rewritten with identical bytes").toEqual([]);
  }, 30_000);

  it("adding an article publishes its page and the index links it", async () => {
    const site = await startSite("add");
    const from = site.proc.cursor;
    save(
      path.join(site.articles, "2024-03-05-epsilon.txt"),
      articleText({
        headline: "New bus stop on Market Street",
        source: "City Council",
        date: "2024-03-05T12:00",
        tags: ["transport"],
        body: ["A new bus stop opened on Market Street."],
      }),
    );
    await site.proc.rebuiltUntil(from, () => existsSync(page(site, "epsilon")));
    expect(await read(page(site, "epsilon"))).toContain("New bus stop on Market Street");
    expect(await links(path.join(site.dist, "index.html"))).toContain("epsilon/index.html");
    expect(await links(path.join(site.dist, "tags/transport/index.html"))).toContain(
      "../../epsilon/index.html",
    );
    expect(await read(path.join(site.dist, "feed.xml"))).toContain("New bus stop on Market Street");
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("deleting an article removes its page, its folder and every link to it", async () => {
    const site = await startSite("delete");
    expect(existsSync(page(site, "delta"))).toBe(true);
    const from = site.proc.cursor;
    await rm(path.join(site.articles, FILES.delta));
    const lines = await site.proc.rebuiltUntil(
      from,
      () => !existsSync(path.join(site.dist, "delta")),
    );
    expect(lines.at(-1)?.removed).toBeGreaterThan(0);
    expect(existsSync(path.join(site.dist, "delta"))).toBe(false);
    // delta was the only article from its source and with its tag: those pages go too.
    expect(existsSync(path.join(site.dist, "tags/weather"))).toBe(false);
    expect(existsSync(path.join(site.dist, "sources/weather-service"))).toBe(false);
    expect(await links(path.join(site.dist, "index.html"))).not.toContain("delta/index.html");
    expect(await filesContaining(site.dist, "delta/")).toEqual([]);
    expect(await filesContaining(site.dist, "Weather service warns")).toEqual([]);
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("renaming an article file removes the old page and publishes the new one", async () => {
    const site = await startSite("rename");
    const from = site.proc.cursor;
    await rename(
      path.join(site.articles, FILES.beta),
      path.join(site.articles, "2024-03-02-reading-room.txt"),
    );
    await site.proc.rebuiltUntil(
      from,
      () => existsSync(page(site, "reading-room")) && !existsSync(path.join(site.dist, "beta")),
    );
    expect(await read(page(site, "reading-room"))).toContain(BETA.headline);
    expect(existsSync(path.join(site.dist, "beta"))).toBe(false);
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("after a rename, every list page links the new page and none the removed one", async () => {
    // A rename changes the article's address but none of its text. The list pages that show
    // it (index, its source, its tag) must be re-rendered with the new link.
    const site = await startSite("rename-links");
    const from = site.proc.cursor;
    await rename(
      path.join(site.articles, FILES.beta),
      path.join(site.articles, "2024-03-02-reading-room.txt"),
    );
    await site.proc.rebuiltUntil(
      from,
      () => existsSync(page(site, "reading-room")) && !existsSync(path.join(site.dist, "beta")),
    );
    const stale = await filesContaining(site.dist, "beta/index.html");
    expect(stale, "files still linking the removed page beta/index.html").toEqual([]);
    expect(await links(path.join(site.dist, "index.html"))).toContain("reading-room/index.html");
    expect(await links(path.join(site.dist, "tags/culture/index.html"))).toContain(
      "../../reading-room/index.html",
    );
  }, 30_000);

  it("an atomic rename-save (vim, JetBrains) is picked up, again and again", async () => {
    const site = await startSite("renamesave");
    const file = path.join(site.articles, FILES.alpha);
    const tmp = path.join(site.articles, `.${FILES.alpha}.tmp`);
    for (const n of [1, 2, 3]) {
      await humanPause();
      const from = site.proc.cursor;
      const text = articleText({ ...ALPHA, headline: `Budget approved, rename-save ${n}` });
      save(tmp, text);
      await rename(tmp, file);
      await site.proc.rebuiltUntil(from, () =>
        pageHas(page(site, "alpha"), `Budget approved, rename-save ${n}`),
      );
      expect(await links(path.join(site.dist, "index.html"))).toContain("alpha/index.html");
    }
    // The file was replaced three times (a new inode each time): a plain save is still seen.
    await humanPause();
    const from = site.proc.cursor;
    save(file, articleText({ ...ALPHA, headline: "Budget approved, plain save" }));
    await site.proc.rebuiltUntil(from, () =>
      pageHas(page(site, "alpha"), "Budget approved, plain save"),
    );
    // The editor's temp file is never an article.
    expect(await namesMatching(site.dist, /tmp/)).toEqual([]);
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("a VS Code style save (truncate to empty, then write) ends with the right page", async () => {
    const site = await startSite("vscode");
    const file = path.join(site.articles, FILES.gamma);
    // Straight after each other, as VS Code does.
    let from = site.proc.cursor;
    truncateSync(file, 0);
    save(file, articleText({ ...GAMMA, headline: "Tram line 7 is back, first save" }));
    await site.proc.rebuiltUntil(from, () =>
      pageHas(page(site, "gamma"), "Tram line 7 is back, first save"),
    );
    // With a pause in between, so that a rebuild may well see the empty file.
    await humanPause();
    from = site.proc.cursor;
    truncateSync(file, 0);
    await delay(120);
    save(file, articleText({ ...GAMMA, headline: "Tram line 7 is back, second save" }));
    const lines = await site.proc.rebuiltUntil(from, () =>
      pageHas(page(site, "gamma"), "Tram line 7 is back, second save"),
    );
    // If a rebuild saw the empty file, it reported it and kept the page.
    expect(lines.at(-1)?.problems).toBe(0);
    expect(await links(path.join(site.dist, "index.html"))).toContain("gamma/index.html");
    expect(await read(page(site, "gamma"))).not.toContain("first save");
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("a burst of 100 saves to one file within ~1 s gives few rebuilds and the last content", async () => {
    const site = await startSite("burst");
    const file = path.join(site.articles, FILES.beta);
    const from = site.proc.cursor;
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      save(file, articleText({ ...BETA, body: [`Reading room, save number ${i}.`] }));
      await delay(9);
    }
    const elapsed = Date.now() - started;
    expect(elapsed, "the 100 saves took too long to count as a burst").toBeLessThan(3_000);
    const last = () => pageHas(page(site, "beta"), "Reading room, save number 99.");
    // Wait for the last save (a little longer than for anything else: it may be lost, see below).
    await site.proc.rebuiltUntil(from, last, "the last save", 5_000).catch(() => {});
    const lines = site.proc.rebuilds(from);
    // Both are reported, whichever fails: a burst is one batch, and its last save is published.
    expect.soft(await last(), `the last save published\n${site.proc.transcript()}`).toBe(true);
    expect
      .soft(lines.length, `rebuild lines for one burst\n${site.proc.transcript()}`)
      .toBeLessThan(10);
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("a file saved half-written, then completed a moment later, ends complete", async () => {
    // An editor or a sync tool writes a file in two steps, a few tens of ms apart; or a person
    // saves again right after a rebuild (format-on-save looks the same). The watcher rebuilds
    // from the first step; the second must be published too. Four files, four timings: the
    // second step right after the first step's rebuild line, and 38, 42 and 46 ms after it.
    const site = await startSite("halfwritten");
    const attempts: { file: string; slug: string; after: "line" | number }[] = [
      { file: FILES.alpha, slug: "alpha", after: "line" },
      { file: FILES.beta, slug: "beta", after: 38 },
      { file: FILES.gamma, slug: "gamma", after: 42 },
      { file: FILES.delta, slug: "delta", after: 46 },
    ];
    const specs = { alpha: ALPHA, beta: BETA, gamma: GAMMA, delta: DELTA } as Record<
      string,
      ArticleSpec
    >;
    for (const a of attempts) {
      const full = articleText({
        ...(specs[a.slug] as ArticleSpec),
        body: [`The complete text, second step (${a.after}).`],
      });
      const half = full.slice(0, full.indexOf("second step"));
      const from = site.proc.cursor;
      save(path.join(site.articles, a.file), half);
      if (a.after === "line") await site.proc.nextRebuild(from);
      else await delay(a.after);
      save(path.join(site.articles, a.file), full);
      await humanPause();
    }
    const lost = async () => {
      const out: string[] = [];
      for (const a of attempts)
        if (!(await pageHas(page(site, a.slug), "second step"))) out.push(`${a.slug} (${a.after})`);
      return out;
    };
    if ((await lost()).length > 0) {
      await site.proc
        .rebuiltUntil(site.proc.cursor, async () => (await lost()).length === 0, "the saves", 3_000)
        .catch(() => {});
    }
    expect(await lost(), `second steps never published\n${site.proc.transcript()}`).toEqual([]);
  }, 30_000);

  it("a whole folder of 20 articles copied in at once is published", async () => {
    const site = await startSite("folder", ["--page-size", "30"]);
    const incoming = path.join(site.root, "incoming");
    await mkdir(incoming);
    for (let i = 1; i <= 20; i++) {
      const n = String(i).padStart(2, "0");
      save(
        path.join(incoming, `2024-04-${n}-pasted-${n}.txt`),
        articleText({
          headline: `Pasted article number ${n}`,
          source: "Agency",
          date: `2024-04-${n}T10:00`,
          tags: ["pasted"],
          body: [`This is the body of pasted article ${n}.`],
        }),
      );
    }
    const from = site.proc.cursor;
    await cp(incoming, path.join(site.articles, "pasted"), { recursive: true });
    const slugs = Array.from({ length: 20 }, (_, i) => `pasted-${String(i + 1).padStart(2, "0")}`);
    await site.proc.rebuiltUntil(from, () => slugs.every((s) => existsSync(page(site, s))));
    const index = await links(path.join(site.dist, "index.html"));
    for (const s of slugs) expect(index).toContain(`${s}/index.html`);
    const tagPage = await links(path.join(site.dist, "tags/pasted/index.html"));
    expect(tagPage.filter((h) => /pasted-\d\d\/index\.html$/.test(h))).toHaveLength(20);
    // The four original articles are all still there.
    for (const s of ["alpha", "beta", "gamma", "delta"]) expect(index).toContain(`${s}/index.html`);
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("a broken save is reported with file:line, keeps the last good page, and a fix republishes", async () => {
    const site = await startSite("broken");
    const file = path.join(site.articles, FILES.alpha);
    const goodPage = await read(page(site, "alpha"));
    const goodIndex = await read(path.join(site.dist, "index.html"));

    const errFrom = site.proc.err.length;
    const from = site.proc.cursor;
    const broken = { ...ALPHA, date: "2024-13-45", headline: "Half-typed headline" };
    save(file, articleText(broken));
    const line = await site.proc.rebuildWhere(from, (r) => r.problems > 0);
    expect(line.problems, site.proc.transcript()).toBe(1);
    expect(line.written).toBe(0);
    const err = await site.proc.errLine(/^error: /, errFrom);
    expect(err.match.input).toMatch(
      new RegExp(`^error: articles/${FILES.alpha}:${dateLine(broken)}: no such date "2024-13-45"`),
    );
    // The last good version stays published, and is still linked.
    expect(await read(page(site, "alpha"))).toBe(goodPage);
    expect(await read(path.join(site.dist, "index.html"))).toBe(goodIndex);
    expect(await filesContaining(site.dist, "Half-typed")).toEqual([]);
    expect(site.proc.exit).toBeNull();

    await humanPause();
    const fixFrom = site.proc.cursor;
    save(file, articleText({ ...ALPHA, headline: "Budget approved after the fix" }));
    const fixed = await site.proc.rebuiltUntil(fixFrom, () =>
      pageHas(page(site, "alpha"), "Budget approved after the fix"),
    );
    expect(fixed.at(-1)?.problems).toBe(0);
    expect(await read(path.join(site.dist, "index.html"))).toContain(
      "Budget approved after the fix",
    );
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("says each warning when it appears and each error once until it changes, not on every save", async () => {
    const site = await startSite("said-once");
    const count = (re: RegExp) => site.proc.err.filter((l) => re.test(l)).length;
    // An undated article: build warns about it, so watch does too, once.
    let from = site.proc.cursor;
    save(
      path.join(site.articles, "undated.txt"),
      "Новина без дати\n\nДжерело: Редакція\n\nТекст.\n",
    );
    await site.proc.rebuildWhere(from, (r) => r.what.includes("undated.txt"));
    await site.proc.errLine(/^warning: articles\/undated\.txt: undated article/);
    // A broken article: its error is said once.
    await humanPause();
    from = site.proc.cursor;
    const broken = path.join(site.articles, FILES.alpha);
    save(broken, articleText({ ...ALPHA, date: "2024-13-45" }));
    await site.proc.rebuildWhere(from, (r) => r.problems > 0);
    await site.proc.errLine(/^error: .*"2024-13-45"/);
    // Two more saves of another file: neither the warning nor the error is said again.
    for (const headline of ["Library reading room opens", "Library reading room opens today"]) {
      await humanPause();
      from = site.proc.cursor;
      save(path.join(site.articles, FILES.beta), articleText({ ...BETA, headline }));
      const line = await site.proc.rebuildWhere(from, (r) => r.what.includes(FILES.beta));
      expect(line.problems).toBe(1);
    }
    expect(count(/undated article/), site.proc.transcript()).toBe(1);
    expect(count(/"2024-13-45"/), site.proc.transcript()).toBe(1);
    // The error changes: the new one is said.
    await humanPause();
    from = site.proc.cursor;
    save(broken, articleText({ ...ALPHA, date: "2024-14-45" }));
    await site.proc.rebuildWhere(from, (r) => r.what.includes(FILES.alpha));
    await site.proc.errLine(/^error: .*"2024-14-45"/);
    expect(count(/"2024-1[34]-45"/)).toBe(2);
  }, 30_000);

  it("while an article is broken, its last good page survives other changes in the folder", async () => {
    // "The last good page of that article stays served" until the file is fixed, whatever
    // else happens meanwhile: a photo dropped into the articles folder, a new subfolder.
    const site = await startSite("broken-rescan");
    const file = path.join(site.articles, FILES.alpha);
    const goodPage = await read(page(site, "alpha"));
    let from = site.proc.cursor;
    save(file, articleText({ ...ALPHA, date: "2024-13-45" }));
    await site.proc.rebuildWhere(from, (r) => r.problems > 0);
    expect(await read(page(site, "alpha"))).toBe(goodPage);

    from = site.proc.cursor;
    save(path.join(site.articles, "photo.jpg"), "\xff\xd8\xff");
    await site.proc.rebuildWhere(from, (r) => r.what.includes("photo.jpg"));
    await humanPause();
    from = site.proc.cursor;
    await mkdir(path.join(site.articles, "drafts"));
    await site.proc.rebuildWhere(from, (r) => r.what.includes("drafts"));

    expect(existsSync(page(site, "alpha")), site.proc.transcript()).toBe(true);
    expect(await read(page(site, "alpha"))).toBe(goodPage);
    expect(await links(path.join(site.dist, "index.html"))).toContain("alpha/index.html");
  }, 30_000);

  it("a template edit in --templates rebuilds every article page", async () => {
    const site = await startSiteWithTemplates("template");
    const tpl = path.join(site.root, "tpl", "article.hbs");
    const original = await read(tpl);
    const from = site.proc.cursor;
    save(
      tpl,
      original.replace('<article class="article">', '<article class="article" data-edition="v2">'),
    );
    const slugs = ["alpha", "beta", "gamma", "delta"];
    const lines = await site.proc.rebuiltUntil(from, async () => {
      for (const s of slugs) if (!(await pageHas(page(site, s), 'data-edition="v2"'))) return false;
      return true;
    });
    expect(lines.at(-1)?.written).toBeGreaterThanOrEqual(slugs.length);
    expect(lines.at(-1)?.what).toBe("tpl/article.hbs");
    await expectNoReloadScript(site.dist);
  }, 30_000);

  it("a template syntax error is printed with file and line, watch keeps running, a fix republishes", async () => {
    const site = await startSiteWithTemplates("template-error");
    const tpl = path.join(site.root, "tpl", "article.hbs");
    const original = await read(tpl);
    const before = await snapshot(site.dist);
    const lines = original.split("\n");
    // Line 3 of the template gets a tag Handlebars cannot parse.
    lines.splice(2, 0, "{{broken tag=}}");
    const errFrom = site.proc.err.length;
    const from = site.proc.cursor;
    save(tpl, lines.join("\n"));
    const rebuilt = await site.proc.rebuildWhere(from, (r) => !r.published);
    expect(rebuilt.line).toBe("tpl/article.hbs: not published (template error)");
    const err = await site.proc.errLine(/template syntax error/, errFrom);
    expect(err.match.input).toMatch(/^error: .*tpl[/\\]article\.hbs:3: template syntax error/);
    // Nothing was published, the site is as it was, and the process is still watching.
    expect(await snapshot(site.dist)).toEqual(before);
    expect(site.proc.exit).toBeNull();

    await humanPause();
    const fixFrom = site.proc.cursor;
    save(
      tpl,
      original.replace(
        '<article class="article">',
        '<article class="article" data-edition="fixed">',
      ),
    );
    await site.proc.rebuiltUntil(fixFrom, async () => {
      for (const s of ["alpha", "beta", "gamma", "delta"])
        if (!(await pageHas(page(site, s), 'data-edition="fixed"'))) return false;
      return true;
    });
    // And an article edit after the fix is still picked up.
    const editFrom = site.proc.cursor;
    save(
      path.join(site.articles, FILES.delta),
      articleText({ ...DELTA, headline: "Snow warning lifted" }),
    );
    await site.proc.rebuiltUntil(editFrom, () =>
      pageHas(page(site, "delta"), "Snow warning lifted"),
    );
    expect(await read(page(site, "delta"))).toContain('data-edition="fixed"');
    await expectNoReloadScript(site.dist);
  }, 30_000);
});

/** Like startSite, with a `tpl/` templates folder holding a copy of the built-in article.hbs. */
async function startSiteWithTemplates(label: string): Promise<Site> {
  const root = await tempDir(`watch-${label}`);
  await writeFiles(root, {
    [`articles/${FILES.alpha}`]: articleText(ALPHA),
    [`articles/${FILES.beta}`]: articleText(BETA),
    [`articles/${FILES.gamma}`]: articleText(GAMMA),
    [`articles/${FILES.delta}`]: articleText(DELTA),
    "tpl/article.hbs": await readFile(path.join(REPO, "templates", "article.hbs")),
  });
  const { proc, url } = await startWatch(root, [
    "--port",
    "0",
    "--base-url",
    BASE,
    "--templates",
    "tpl",
  ]);
  return { root, articles: path.join(root, "articles"), dist: path.join(root, "dist"), proc, url };
}
