/**
 * "Files you put in dist/ survive" (issue 17, item 1): a new article whose page would
 * replace a file of the user's stops the build (exit 1, naming the file, dist/ untouched)
 * instead of overwriting it, so that deleting the article later cannot delete the user's
 * file either; --force replaces it on purpose. Both ways of publishing are covered: file
 * by file (a small change) and staged and swapped (a change of every page).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";
import { killAll, save, startWatch } from "../watch/support.js";
import { changedPaths, removedPaths, walkTree } from "./support.js";

const ARTICLES: Record<string, string> = {
  "articles/2025-03-01-mist.txt": "Міст відкрили\n\nДжерело: Міська рада\n\nРух відновили.\n",
  "articles/2025-03-02-park.txt": "Парк прибрали\n\nДжерело: Громада\n\nВолонтери вийшли зранку.\n",
};
const PROMO = "Акція в книгарні\n\nДжерело: Книгарня\nSlug: promo\n\nЗнижки тиждень.\n";
const USER_PAGE = "<p>USER</p>\n";

beforeAll(ensureBuilt);
afterEach(killAll);
afterAll(removeTempDirs);

const build = (cwd: string, ...extra: string[]) =>
  vistka(["build", "--no-cache", "--in", "articles", "--out", "dist", ...extra], cwd);

/** A built site with the user's own `dist/promo/index.html` put in it afterwards. */
async function siteWithUserPage(label: string): Promise<string> {
  const dir = await tempDir(label);
  await writeFiles(dir, ARTICLES);
  const first = await build(dir);
  expect(first.code, first.stderr).toBe(0);
  await mkdir(path.join(dir, "dist/promo"));
  await writeFile(path.join(dir, "dist/promo/index.html"), USER_PAGE);
  return dir;
}

/** Run `build` and expect it refused for the user's file, with dist/ exactly as before. */
async function expectRefusedFor(dir: string, userPath: string, extra: string[] = []) {
  const dist = path.join(dir, "dist");
  const before = await walkTree(dist);
  const run = await build(dir, ...extra);
  const after = await walkTree(dist);
  const errors = run.stderr.split("\n").filter((l) => l.startsWith("error: "));
  expect(errors, run.stderr).toEqual([
    expect.stringMatching(
      new RegExp(`^error: dist/${userPath}: .*promo/index\\.html.*--force`, "u"),
    ),
  ]);
  expect(run.stderr).toContain("1 problem found; nothing was written to dist");
  expect(run.stderr).not.toContain("internal error");
  expect(run.code).toBe(1);
  if (!before || !after) throw new Error("dist/ vanished");
  expect(changedPaths(before, after), "dist/ changed").toEqual([]);
  expect(removedPaths(before, after), "dist/ lost files").toEqual([]);
}

describe("a file of the user's where the site's new page goes", () => {
  it("stops a small (file by file) build naming it; the user's page survives the article's deletion", async () => {
    const dir = await siteWithUserPage("user-inplace");
    await writeFiles(dir, { "articles/promo.txt": PROMO });
    await expectRefusedFor(dir, "promo/index.html");
    expect(await readFile(path.join(dir, "dist/promo/index.html"), "utf8")).toBe(USER_PAGE);
    await rm(path.join(dir, "articles/promo.txt"));
    const again = await build(dir);
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(path.join(dir, "dist/promo/index.html"), "utf8")).toBe(USER_PAGE);
  });

  it("stops a build that stages the whole site (every page changes) the same way", async () => {
    const dir = await siteWithUserPage("user-staged");
    await writeFiles(dir, { "articles/promo.txt": PROMO });
    await expectRefusedFor(dir, "promo/index.html", ["--title", "Інша назва"]);
    expect(await readFile(path.join(dir, "dist/promo/index.html"), "utf8")).toBe(USER_PAGE);
  });

  it("a file of the user's where the page's folder goes is named too", async () => {
    const dir = await tempDir("user-folder");
    await writeFiles(dir, ARTICLES);
    expect((await build(dir)).code).toBe(0);
    await writeFile(path.join(dir, "dist/promo"), USER_PAGE);
    await writeFiles(dir, { "articles/promo.txt": PROMO });
    await expectRefusedFor(dir, "promo");
    expect(await readFile(path.join(dir, "dist/promo"), "utf8")).toBe(USER_PAGE);
  });

  it("with --force the page replaces it, and is vistka's from then on", async () => {
    const dir = await siteWithUserPage("user-force");
    await writeFiles(dir, { "articles/promo.txt": PROMO });
    const forced = await build(dir, "--force");
    expect(forced.code, forced.stderr).toBe(0);
    const page = await readFile(path.join(dir, "dist/promo/index.html"), "utf8");
    expect(page).toContain("Акція в книгарні");
    // Now it is the article's page: a build without --force keeps it, a deletion removes it.
    await writeFiles(dir, { "articles/promo.txt": PROMO.replace("тиждень", "місяць") });
    expect((await build(dir)).code).toBe(0);
    await rm(path.join(dir, "articles/promo.txt"));
    expect((await build(dir)).code).toBe(0);
    expect((await walkTree(path.join(dir, "dist")))?.has("promo/index.html")).toBe(false);
  });
});

describe("vistka watch and a file of the user's where a new page goes", () => {
  it("says so on the rebuild, leaves the user's file, and writes the page once it is moved", async () => {
    const dir = await tempDir("user-watch");
    await writeFiles(dir, ARTICLES);
    const { proc } = await startWatch(dir, ["--no-serve", "--no-cache"]);
    await mkdir(path.join(dir, "dist/promo"));
    await writeFile(path.join(dir, "dist/promo/index.html"), USER_PAGE);
    let from = proc.cursor;
    save(path.join(dir, "articles/promo.txt"), PROMO);
    const refused = await proc.rebuildWhere(from, (r) => r.what.includes("promo.txt"), "promo");
    expect(refused.published, proc.transcript()).toBe(false);
    expect(proc.err.join("\n")).toMatch(/^error: dist\/promo\/index\.html: .*--force/m);
    expect(await readFile(path.join(dir, "dist/promo/index.html"), "utf8")).toBe(USER_PAGE);
    // The user moves their page away; the next save publishes the article's.
    await rm(path.join(dir, "dist/promo"), { recursive: true });
    from = proc.cursor;
    save(path.join(dir, "articles/promo.txt"), PROMO.replace("тиждень", "місяць"));
    await proc.rebuiltUntil(from, async () =>
      (await readFile(path.join(dir, "dist/promo/index.html"), "utf8").catch(() => "")).includes(
        "місяць",
      ),
    );
  }, 60_000);
});
