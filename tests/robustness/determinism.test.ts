/**
 * Deterministic builds: the same input gives byte-identical output on any
 * machine, in any time zone and locale, at any time; where a date has to come
 * from the clock (the news sitemap's two-day window), SOURCE_DATE_EPOCH is
 * honoured, the reproducible-builds convention.
 */
import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureBuilt,
  listFiles,
  REPO,
  type RunOptions,
  removeTempDirs,
  SAMPLE_ARTICLES,
  snapshot,
  tempDir,
  vistkaProcess as vistka,
} from "../support/index.js";

const BASE_URL = "https://example.org/news/";

/** Machines that disagree about everything a build could accidentally depend on. */
const MACHINES: Record<string, string>[] = [
  { TZ: "UTC", LANG: "C.UTF-8", LC_ALL: "C.UTF-8", LANGUAGE: "" },
  // Turkish casing (I/ı, İ/i) and a zone behind UTC with its own DST rules.
  { TZ: "America/New_York", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8", LANGUAGE: "tr" },
  // A zone at +13:45 (+12:45 in winter): dates near midnight fall on another day here.
  { TZ: "Pacific/Chatham", LANG: "uk_UA.UTF-8", LC_ALL: "uk_UA.UTF-8", LANGUAGE: "uk" },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Built {
  out: string;
  stderr: string;
}

/**
 * Build the sample articles from a fresh copy at a path of its own, run from
 * its own working folder, so no absolute path, folder name or directory order
 * can be shared between two builds by accident.
 */
async function buildSample(label: string, options: RunOptions): Promise<Built> {
  const dir = await tempDir(`det-${label}`);
  await cp(SAMPLE_ARTICLES, path.join(dir, `vkhid-${label}`), { recursive: true });
  const run = await vistka(
    ["build", "--in", `vkhid-${label}`, "--out", `site-${label}`, "--base-url", BASE_URL],
    dir,
    options,
  );
  expect(run.stderr).not.toMatch(/^error/m);
  expect(run.code, run.stderr).toBe(0);
  return { out: path.join(dir, `site-${label}`), stderr: run.stderr };
}

/** Article URL → publication instant (ms), from the build's own JSON Feed. */
async function publishedTimes(out: string): Promise<Map<string, number>> {
  const feed = JSON.parse(await readFile(path.join(out, "feed.json"), "utf8")) as {
    items: { url: string; date_published: string }[];
  };
  return new Map(feed.items.map((i) => [i.url, Date.parse(i.date_published)]));
}

async function newsSitemapUrls(out: string): Promise<string[]> {
  const xml = await readFile(path.join(out, "news-sitemap.xml"), "utf8");
  return [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1] as string);
}

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

describe("two builds of the same input", () => {
  let builds: Built[];
  let started: number;

  beforeAll(async () => {
    started = Date.now();
    builds = [];
    for (const [i, env] of MACHINES.entries()) {
      // More than a second apart: a build timestamp of any resolution would show.
      if (i > 0) await sleep(1_100);
      builds.push(await buildSample(`m${i}`, { env }));
    }
  });

  it("are byte-identical in every time zone and locale (feeds and sitemaps included)", async () => {
    const first = builds[0] as Built;
    const files = await listFiles(first.out);
    for (const f of ["feed.xml", "rss.xml", "feed.json", "sitemap.xml", "news-sitemap.xml"]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.endsWith(".html")).length).toBeGreaterThan(10);
    const reference = await snapshot(first.out);
    for (const [i, b] of builds.entries()) {
      expect(await snapshot(b.out), `machine ${JSON.stringify(MACHINES[i])}`).toEqual(reference);
    }
  });

  it("carry no build timestamp: today's date appears only where an article is dated today", async () => {
    const first = builds[0] as Built;
    const times = [...(await publishedTimes(first.out)).values()];
    const articleDays = new Set(
      times.flatMap((t) => [-14, -12, 0, 12, 14].map((h) => isoDay(t + h * 3600_000))),
    );
    const patterns: string[] = [];
    for (const t of [started, Date.now()]) {
      const day = isoDay(t);
      if (articleDays.has(day)) continue;
      const on = (locale: string, opts: Intl.DateTimeFormatOptions) =>
        new Date(t).toLocaleDateString(locale, { timeZone: "UTC", ...opts });
      patterns.push(
        day, // ISO 8601, as in sitemaps, Atom and JSON Feed
        on("en-GB", { day: "2-digit", month: "short", year: "numeric" }), // RFC 822, as in RSS
        on("en-GB", { day: "numeric", month: "long", year: "numeric" }),
        on("uk", { day: "numeric", month: "long", year: "numeric" }).replace(/ р\.$/, ""),
      );
    }
    const found: string[] = [];
    for (const f of await listFiles(first.out)) {
      const content = await readFile(path.join(first.out, f), "utf8");
      for (const p of patterns) if (content.includes(p)) found.push(`${f}: ${p}`);
    }
    expect(found).toEqual([]);
  });

  it("a rebuild over the existing site, on another machine, leaves the same tree as a fresh build", async () => {
    const first = builds[0] as Built;
    const reference = await snapshot(first.out);
    const dir = path.dirname(first.out);
    const run = await vistka(
      ["build", "--in", "vkhid-m0", "--out", path.basename(first.out), "--base-url", BASE_URL],
      dir,
      { env: MACHINES[1] },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(await snapshot(first.out)).toEqual(reference);
  });

  it("name no path of the machine that built them", async () => {
    for (const b of builds) {
      for (const f of await listFiles(b.out)) {
        const content = await readFile(path.join(b.out, f), "utf8");
        expect(content, f).not.toContain(path.dirname(b.out));
        expect(content, f).not.toContain(REPO);
      }
    }
  });
});

/** `YYYY-MM-DD` of an instant, in UTC. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

describe("SOURCE_DATE_EPOCH", () => {
  const TWO_DAYS = 2 * 24 * 3600_000;

  it("sets the news sitemap's two-day window, identically in every time zone", async () => {
    const plain = await buildSample("plain", { env: MACHINES[0] });
    const times = await publishedTimes(plain.out);
    const sorted = [...times.values()].sort((a, b) => a - b);
    expect(sorted.length).toBeGreaterThanOrEqual(3);
    // A reference time inside the sample's span: some articles after it, some in the window.
    const ref = (sorted[sorted.length - 2] as number) + 6 * 3600_000;
    const epoch = String(Math.floor(ref / 1000));
    const refMs = Number(epoch) * 1000;
    const expected = [...times]
      .filter(([, t]) => t <= refMs && t >= refMs - TWO_DAYS)
      .map(([url]) => url)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(times.size);

    const a = await buildSample("epoch-a", { env: { ...MACHINES[1], SOURCE_DATE_EPOCH: epoch } });
    const b = await buildSample("epoch-b", { env: { ...MACHINES[2], SOURCE_DATE_EPOCH: epoch } });
    expect([...(await newsSitemapUrls(a.out))].sort()).toEqual(expected);
    expect(await snapshot(b.out)).toEqual(await snapshot(a.out));
    // Without it, the window ends at the newest article: a different sitemap for this epoch.
    expect([...(await newsSitemapUrls(plain.out))].sort()).not.toEqual(expected);
  });

  it("an epoch long after every article leaves the news sitemap empty; one before them too", async () => {
    const later = await buildSample("epoch-later", {
      env: { ...MACHINES[0], SOURCE_DATE_EPOCH: String(Date.UTC(2099, 0, 1) / 1000) },
    });
    expect(await newsSitemapUrls(later.out)).toEqual([]);
    const earlier = await buildSample("epoch-earlier", {
      env: { ...MACHINES[0], SOURCE_DATE_EPOCH: "86400" },
    });
    expect(await newsSitemapUrls(earlier.out)).toEqual([]);
  });

  it("a value that is not whole seconds is a usage error (exit 2), not a silent clock read", async () => {
    const dir = await tempDir("det-bad-epoch");
    const run = await vistka(
      ["build", "--in", SAMPLE_ARTICLES, "--out", "site", "--base-url", BASE_URL],
      dir,
      { env: { SOURCE_DATE_EPOCH: "yesterday" } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/SOURCE_DATE_EPOCH/);
  });
});
