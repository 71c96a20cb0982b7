/**
 * The stamp a build leaves in its cache (src/pipeline/input-stamp.ts): a build whose
 * article files and photos all have the stats stamped, long enough after they were last
 * changed, answers "up to date" from it without loading a record. It must never answer so
 * when anything the site depends on changed: the configuration, the templates, a flag,
 * SOURCE_DATE_EPOCH, a photo, a file of the site deleted, another build's site in the folder.
 * (up-to-date.test.ts checks the same answers for files changed moments before;
 * up-to-date-racy.test.ts what the stamp keeps of such files.)
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleWith, makeJpeg } from "../photos/support.js";
import {
  REPO,
  removeTempDirs,
  SAMPLE_ARTICLES,
  snapshot,
  tempDir,
  untilSettled,
  vistka,
  writeFiles,
} from "../support/index.js";
import { cleanSite, damageRecords, distSite, jsonBuild } from "./up-to-date-support.js";

let site: string;

const build = (args: string[] = [], env: Record<string, string> = {}) => jsonBuild(site, args, env);

beforeAll(async () => {
  site = await tempDir("up-to-date-stamp");
  const files: Record<string, string | Buffer> = {
    "articles/photos/square.jpg": await makeJpeg(600, 600, 5),
    "articles/2026-11-20-foto.txt": articleWith("Новий сквер", "2026-11-20T09:00", [
      "Фото: photos/square.jpg | Сквер біля ратуші",
    ]),
    // A warning of its own (no source), a draft, and one dated in the future.
    "articles/2026-11-21-bez-dzherela.txt":
      "Ремонт мосту завершать навесні\n\nДата: 2026-11-21\n\nМіст через річку відкриють навесні.\n",
    "articles/2026-11-22-chernetka.txt":
      "Чернетка новини\n\nДжерело: Редакція\nЧернетка: так\n\nТекст, який ще не готовий.\n",
    "articles/2099-01-01-maibutnie.txt":
      "Бібліотека відкриє новий зал\n\nДжерело: Бібліотека\nДата: 2099-01-01\n\nЗал відкриють згодом.\n",
  };
  await cp(SAMPLE_ARTICLES, path.join(site, "articles"), { recursive: true });
  await writeFiles(site, files);
  // The stamp vouches only for files changed more than two seconds before the build that
  // left it (a later save in the same clock tick could leave the same stat).
  await settled();
}, 60_000);

/**
 * Until the articles and photos were last changed more than two seconds ago, so that the
 * build before a change leaves a stamp and the build after it meets one (a test of a file
 * changed just before would pass without the stamp).
 */
async function settled(): Promise<void> {
  await untilSettled(path.join(site, "articles"));
}

afterAll(removeTempDirs);

describe("a build whose inputs have the stats its cache's stamp holds", () => {
  it("is up to date, saying what the build before it said, touching nothing", async () => {
    const first = await build();
    expect(first.upToDate).toBe(false);
    expect(first.drafts).toBe(1);
    expect(first.warnings.some((w) => w.includes("dated in the future"))).toBe(true);
    expect(first.warnings.some((w) => w.includes("2026-11-21-bez-dzherela.txt"))).toBe(true);
    const before = await snapshot(path.join(site, "dist"), true);
    const cache = await snapshot(path.join(site, ".vistka-cache"), true);
    const second = await build();
    expect(second).toMatchObject({
      upToDate: true,
      articles: first.articles,
      pages: first.pages,
      written: 0,
      unchanged: first.written + first.unchanged,
      removed: 0,
      notes: first.notes,
      warnings: first.warnings,
      drafts: first.drafts,
    });
    expect(await snapshot(path.join(site, "dist"), true)).toEqual(before);
    expect(await snapshot(path.join(site, ".vistka-cache"), true)).toEqual(cache);
  });

  it.each([
    [
      "the configuration",
      async () => {
        await writeFiles(site, { "vistka.config.json": JSON.stringify({ title: "Вісті" }) });
        return { args: [] as string[], env: {} };
      },
    ],
    [
      "the site's own templates",
      async () => {
        const layout = await readFile(path.join(REPO, "templates", "layout.hbs"), "utf8");
        await writeFiles(site, {
          "my-templates/layout.hbs": layout.replace("</body>", "<!-- ours --></body>"),
        });
        return { args: ["--templates", "my-templates"], env: {} };
      },
    ],
    ["a flag", async () => ({ args: ["--page-size", "2"], env: {} })],
    ["--drafts", async () => ({ args: ["--drafts"], env: {} })],
    ["SOURCE_DATE_EPOCH", async () => ({ args: [], env: { SOURCE_DATE_EPOCH: "1700000000" } })],
    [
      "a photo's bytes",
      async () => {
        await writeFile(path.join(site, "articles/photos/square.jpg"), await makeJpeg(600, 600, 9));
        return { args: [], env: {} };
      },
    ],
  ])("is made again, as a clean build makes it, after a change to %s", async (_what, change) => {
    await settled();
    await build();
    expect((await build()).upToDate).toBe(true);
    const { args, env } = await change();
    const changed = await build(args, env);
    expect(changed.upToDate).toBe(false);
    expect(await distSite(site)).toEqual(await cleanSite(site, args, env));
    expect((await build(args, env)).upToDate).toBe(true);
    // Back to what it was, for the next change.
    await rm(path.join(site, "vistka.config.json"), { force: true });
  });

  it("makes again a file of the site deleted by hand", async () => {
    await settled();
    await build();
    expect((await build()).upToDate).toBe(true);
    const dist = path.join(site, "dist");
    const pages = Object.keys(await snapshot(dist)).filter((f) => f.endsWith("/index.html"));
    const gone = path.join(dist, pages.sort()[0] as string);
    await rm(gone);
    const again = await build();
    expect(again.upToDate).toBe(false);
    expect(again.written).toBe(1);
    await expect(readFile(gone, "utf8")).resolves.toContain("<html");
  });

  it("is made again when another build's site was put in its folder since", async () => {
    await settled();
    await build();
    expect((await build()).upToDate).toBe(true);
    await writeFiles(site, {
      "other/2026-11-23-insha.txt": "Інша новина\n\nДжерело: Редакція\n\nЗовсім інший сайт.\n",
    });
    const other = await vistka(
      ["build", "--quiet", "--in", "other", "--cache-dir", "other-cache"],
      site,
    );
    expect(other.code, other.stderr).toBe(0);
    const back = await build();
    expect(back.upToDate).toBe(false);
    expect(await distSite(site)).toEqual(await cleanSite(site));
  });

  it("loads no record when the stamp holds, and every record when it does not", async () => {
    await settled();
    await build();
    expect((await build()).upToDate).toBe(true);
    await damageRecords(site);
    const stamped = await build();
    expect(stamped.upToDate).toBe(true);
    expect(stamped.warnings.join("\n")).not.toContain("build cache ignored");
    await writeFiles(site, { "vistka.config.json": JSON.stringify({ title: "Вісті" }) });
    const changed = await build();
    expect(changed.upToDate).toBe(false);
    expect(changed.warnings.join("\n")).toContain("build cache ignored");
    expect(await distSite(site)).toEqual(await cleanSite(site));
  });
});
