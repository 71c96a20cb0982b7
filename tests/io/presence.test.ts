/**
 * Which listed files are still in the output folder (src/io/presence.ts): looked at on
 * another thread, the answer is the one this thread's lookHere gives, file by file.
 */
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GONE, lookHere, presenceInWorker, THERE, UNSEEN } from "../../src/io/presence.js";
import { removeTempDirs, tempDir } from "../support/index.js";

afterAll(removeTempDirs);

describe("which listed files are still there", () => {
  it("is the same on another thread as on this one, crowded folders and links too", async () => {
    const dir = await tempDir("presence");
    const paths: string[] = ["index.html"];
    for (let i = 0; i < 40; i++) paths.push(`a${i}/index.html`);
    // A crowded folder, read once for its files.
    for (let i = 0; i < 50; i++) paths.push(`search/d/${i}.js`);
    paths.push("feed.xml", "links/ok.html", "links/dangling.html");
    for (const rel of paths) {
      if (rel.startsWith("links/")) continue;
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), "x");
    }
    await mkdir(path.join(dir, "links"));
    await symlink(path.join(dir, "feed.xml"), path.join(dir, "links/ok.html"));
    await symlink(path.join(dir, "nowhere"), path.join(dir, "links/dangling.html"));
    // Deleted by hand: a page, a crowded folder's file, a whole folder.
    await rm(path.join(dir, "a3/index.html"));
    await rm(path.join(dir, "search/d/7.js"));
    await rm(path.join(dir, "a5"), { recursive: true });

    const root = dir + path.sep;
    const here = new Uint8Array(paths.length);
    for (let at = 0; at < paths.length; at++)
      if (here[at] === UNSEEN) lookHere(root, (i) => paths[i], at, here);
    const there = await presenceInWorker(root, paths);
    expect([...there]).toEqual([...here]);
    const gone = paths.filter((_, i) => here[i] === GONE);
    expect(gone.sort()).toEqual(
      ["a3/index.html", "a5/index.html", "links/dangling.html", "search/d/7.js"].sort(),
    );
    expect(here.every((v) => v === THERE || v === GONE)).toBe(true);
  });
});
