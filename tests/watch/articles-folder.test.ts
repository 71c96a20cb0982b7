/**
 * `vistka watch` when the articles folder itself goes away (issue 17): removed
 * and made again, moved away and back, made unreadable and readable again. While
 * it is gone the problem is printed and shown over the page, and the last good
 * site stays; once it is back it is watched again and the site follows it.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ArticleSpec,
  articleText,
  ensureBuilt,
  nobody,
  removeTempDirs,
  snapshot,
  tempDir,
  writeFiles,
} from "../support/index.js";
import { killAll, proveWatching, save, startWatch, type Vistka } from "./support.js";

const ALPHA: ArticleSpec = {
  headline: "Council approves the winter budget",
  source: "City Council",
  date: "2024-03-01T10:00",
  body: ["The council approved the budget on Friday."],
};
const BETA: ArticleSpec = {
  headline: "Library opens a reading room",
  source: "City Library",
  date: "2024-03-02T10:00",
  body: ["The library opened a reading room for children."],
};

interface Site {
  root: string;
  articles: string;
  dist: string;
  proc: Vistka;
  url: string;
}

async function startSite(label: string, as?: { uid: number; gid: number }): Promise<Site> {
  const root = await tempDir(`folder-${label}`);
  await writeFiles(root, {
    "articles/2024-03-01-alpha.txt": articleText(ALPHA),
    "articles/2024-03-02-beta.txt": articleText(BETA),
  });
  // Let the user vistka runs as (when not this one) write the site, its lock and its cache.
  if (as) await chmod(root, 0o777);
  const { proc, url } = await startWatch(root, ["--port", "0"], { as });
  return {
    root,
    articles: path.join(root, "articles"),
    dist: path.join(root, "dist"),
    proc,
    url: url as string,
  };
}

const page = (site: Site, slug: string) => path.join(site.dist, slug, "index.html");

/** The problems the page overlay shows now: the first event of the live-reload stream. */
async function overlay(url: string): Promise<string[]> {
  const controller = new AbortController();
  const res = await fetch(new URL("/__vistka/events", url), { signal: controller.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (!text.includes("\n\n")) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    controller.abort();
  }
  const data = /^event: problems\ndata: (.*)$/m.exec(text);
  if (!data) throw new Error(`no problems event in ${JSON.stringify(text)}`);
  return JSON.parse(data[1] as string) as string[];
}

/**
 * The folder went: the line that says so, its problem on stderr and over the page,
 * and the site exactly as it was.
 */
async function expectKept(site: Site, from: number, before: Record<string, string>, why: RegExp) {
  const { match } = await site.proc.line(/^articles: not published \((.+)\)$/, from);
  expect(match[1]).toMatch(why);
  await site.proc.errLine(/^error: articles: the articles folder/);
  const shown = await overlay(site.url);
  expect(shown).toHaveLength(1);
  expect(shown[0]).toMatch(/^articles: the articles folder .*\(.*vistka watch goes on/);
  expect(await snapshot(site.dist)).toEqual(before);
}

/** The folder is back: watched again, the overlay cleared, and a save published. */
async function expectFollowed(site: Site): Promise<void> {
  await proveWatching(site.proc, site.articles);
  expect(await overlay(site.url)).toEqual([]);
  const from = site.proc.cursor;
  save(
    path.join(site.articles, "2024-03-01-alpha.txt"),
    articleText({ ...ALPHA, headline: "Council approves the budget, after all" }),
  );
  await site.proc.rebuiltUntil(
    from,
    async () =>
      existsSync(page(site, "alpha")) &&
      (await readFile(page(site, "alpha"), "utf8")).includes("the budget, after all"),
  );
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

describe.sequential("vistka watch: the articles folder goes and comes back", () => {
  it("rm -rf articles; mkdir articles: the site stays, then follows the new folder", async () => {
    const site = await startSite("rm");
    const before = await snapshot(site.dist);
    let from = site.proc.cursor;
    await rm(site.articles, { recursive: true });
    await expectKept(site, from, before, /gone/);

    from = site.proc.cursor;
    await mkdir(site.articles);
    save(
      path.join(site.articles, "2024-03-03-gamma.txt"),
      articleText({ ...BETA, headline: "Tram line 7 returns" }),
    );
    // In line with the folder as it now is: the new article, not the old ones.
    await site.proc.rebuiltUntil(
      from,
      () => existsSync(page(site, "gamma")) && !existsSync(page(site, "beta")),
    );
    await expectFollowed(site);
  }, 60_000);

  it("mv articles away and back: the site stays, then the folder is watched again", async () => {
    const site = await startSite("mv");
    const before = await snapshot(site.dist);
    const away = path.join(site.root, "away");
    const from = site.proc.cursor;
    await rename(site.articles, away);
    await expectKept(site, from, before, /gone/);
    await rename(away, site.articles);
    await expectFollowed(site);
    expect(existsSync(page(site, "beta"))).toBe(true);
  }, 60_000);

  // The suite runs as root, whom chmod 000 does not keep out: vistka runs as nobody then.
  const as = nobody() ?? undefined;
  it("chmod 000 articles, then 755: the site stays, then the folder is watched again", async () => {
    const site = await startSite("chmod", as);
    const before = await snapshot(site.dist);
    const from = site.proc.cursor;
    await chmod(site.articles, 0);
    try {
      await expectKept(site, from, before, /cannot be read: permission denied/);
    } finally {
      await chmod(site.articles, 0o755);
    }
    await expectFollowed(site);
    expect(existsSync(page(site, "beta"))).toBe(true);
  }, 60_000);
});
