/**
 * A build of the very inputs the output folder was made from says so and makes
 * nothing (src/io/fingerprint.ts); any change to what the output depends on (an
 * article's bytes, the configuration, the templates, a flag, SOURCE_DATE_EPOCH, a file
 * gone from the output) makes the site as a clean build does.
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  REPO,
  removeTempDirs,
  SAMPLE_ARTICLES,
  snapshot,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { cleanSite, distSite, jsonBuild } from "./up-to-date-support.js";

/** An article dated far ahead: published now, and warned of at every build. */
const FUTURE = `Обласна бібліотека відкриє зал коміксів

Джерело: Бібліотека
Дата: 2099-05-01

Обласна бібліотека обіцяє відкрити окремий зал коміксів для підлітків.
`;

let site: string;

const build = (args: string[] = [], env: Record<string, string> = {}) => jsonBuild(site, args, env);

beforeAll(async () => {
  site = await tempDir("up-to-date");
  await cp(SAMPLE_ARTICLES, path.join(site, "articles"), { recursive: true });
  // Two of them, so the order of their warnings (the site's: newest first) is checked too.
  await writeFiles(site, {
    "articles/2099-05-01-komiksy.txt": FUTURE,
    "articles/2098-01-01-zal.txt": FUTURE.replace("2099-05-01", "2098-01-01").replace(
      "коміксів",
      "настільних ігор",
    ),
  });
}, 120_000);

afterAll(removeTempDirs);

describe("a build with nothing changed", () => {
  it("makes nothing and says what the build before it said, warnings and notes too", async () => {
    const first = await build();
    expect(first.upToDate).toBe(false);
    expect(first.written).toBeGreaterThan(0);
    expect(first.warnings.filter((w) => w.includes("dated in the future"))).toHaveLength(2);
    const before = await snapshot(path.join(site, "dist"), true);
    const second = await build();
    expect(second.upToDate).toBe(true);
    expect(second).toMatchObject({
      articles: first.articles,
      pages: first.pages,
      written: 0,
      unchanged: first.written + first.unchanged,
      removed: 0,
      notes: first.notes,
      warnings: first.warnings,
    });
    // Not a byte touched, the manifest included.
    expect(await snapshot(path.join(site, "dist"), true)).toEqual(before);
    const human = await vistka(["build"], site);
    expect(human.stdout).toContain("already up to date");
    expect(human.stderr).toContain("dated in the future");
  });

  it.each([
    [
      "an article's bytes",
      async () => {
        const file = path.join(site, "articles", "2026-11-18-pershyi-snih.txt");
        await writeFile(
          file,
          `${await readFile(file, "utf8")}\nНа дорогах працює снігоприбиральна техніка.\n`,
        );
        return [] as string[];
      },
    ],
    [
      "a new article",
      async () => {
        await writeFiles(site, {
          "articles/2026-11-25-novyi.txt": FUTURE.replace("2099-05-01", "2026-11-25"),
        });
        return [];
      },
    ],
    [
      "the configuration",
      async () => {
        await writeFiles(site, {
          "vistka.config.json": JSON.stringify({ title: "Вісті громади" }),
        });
        return [];
      },
    ],
    [
      "the site's own templates",
      async () => {
        const layout = await readFile(path.join(REPO, "templates", "layout.hbs"), "utf8");
        await writeFiles(site, {
          "my-templates/layout.hbs": layout.replace("</body>", "<!-- ours --></body>"),
        });
        return ["--templates", "my-templates"];
      },
    ],
    ["a flag", async () => ["--page-size", "3"]],
  ])("is made again, as a clean build makes it, after a change to %s", async (_what, change) => {
    await build();
    expect((await build()).upToDate).toBe(true);
    const args = await change();
    const changed = await build(args);
    expect(changed.upToDate).toBe(false);
    expect(await distSite(site)).toEqual(await cleanSite(site, args));
    expect((await build(args)).upToDate).toBe(true);
  });

  it("is made again after SOURCE_DATE_EPOCH changes, or a file of the site is deleted", async () => {
    await build();
    expect((await build()).upToDate).toBe(true);
    expect((await build([], { SOURCE_DATE_EPOCH: "1700000000" })).upToDate).toBe(false);
    expect((await build([], { SOURCE_DATE_EPOCH: "1700000000" })).upToDate).toBe(true);
    const page = path.join(site, "dist", "pershyi-snih", "index.html");
    await rm(page);
    const again = await build([], { SOURCE_DATE_EPOCH: "1700000000" });
    expect(again.upToDate).toBe(false);
    expect(again.written).toBe(1);
    await expect(readFile(page, "utf8")).resolves.toContain("<html");
  });
});

describe("a build that takes the last build's pages from its cache", () => {
  it("makes again, as a clean build makes them, the pages and feeds deleted by hand", async () => {
    await build(["--base-url", "https://example.org/news/"]);
    const file = path.join(site, "articles", "2026-11-18-pershyi-snih.txt");
    await writeFile(file, `${await readFile(file, "utf8")}\nЩе один абзац у тілі.\n`);
    // Pages known from the cache only by path and signature, and files signed by their key.
    const gone = ["index.html", "tags/index.html", "sources/index.html", "feed.xml", "sitemap.xml"];
    for (const rel of gone) await rm(path.join(site, "dist", rel));
    const edited = await build(["--base-url", "https://example.org/news/"]);
    expect(edited.upToDate).toBe(false);
    const dist = await distSite(site);
    for (const rel of gone) expect(dist[rel], rel).toBeDefined();
    expect(dist).toEqual(await cleanSite(site, ["--base-url", "https://example.org/news/"]));
  });
});
