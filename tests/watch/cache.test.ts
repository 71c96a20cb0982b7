/**
 * `watch` starting on the build cache of an earlier `vistka build`: an article the cache
 * knew only by its view and that is broken now has no last good version to serve (its old
 * text is gone from the disk). Found in review: watch then stopped publishing anything,
 * saying "changed while the site was being built" and "template error". It must publish
 * the site without that article and name the real problem, as it does without a cache.
 */
import { readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  articleText,
  ensureBuilt,
  removeTempDirs,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { killAll, startWatch } from "./support.js";

beforeAll(ensureBuilt);
afterEach(killAll);
afterAll(removeTempDirs);

describe("vistka watch on a build cache", () => {
  it("an article broken since the last build: the others are published, its problem named", async () => {
    const root = await tempDir("watch-cache");
    const files: Record<string, string> = {};
    for (let i = 1; i <= 6; i++)
      files[`articles/2024-03-0${i}-story-${i}.txt`] = articleText({
        headline: `Story ${i}`,
        source: "Newsroom",
        body: [`The text of story ${i}.`],
      });
    await writeFiles(root, files);
    // Older than the racy window, so the cache trusts their stat.
    const old = new Date(Date.now() - 3600_000);
    for (const rel of Object.keys(files)) await utimes(path.join(root, rel), old, old);
    expect((await vistka(["build"], root)).code).toBe(0);

    const broken = path.join(root, "articles/2024-03-04-story-4.txt");
    const text = await readFile(broken, "utf8");
    await writeFile(
      broken,
      text.replace("Джерело: Newsroom", "Джерело: Newsroom\nДата: 2024-02-30"),
    );
    await writeFile(
      path.join(root, "articles/2024-03-05-story-5.txt"),
      articleText({ headline: "Story 5, edited", source: "Newsroom", body: ["New text."] }),
    );

    const { proc } = await startWatch(root, ["--no-serve"], { probe: false });
    const built = proc.out.find((l) => l.startsWith("built "));
    expect(built, proc.out.join("\n")).toMatch(/written, \d+ removed in \d+ ms \(1 problem\)/);
    expect(proc.err.join("\n")).toMatch(/story-4\.txt:\d+: /);
    expect(proc.err.join("\n")).not.toMatch(
      /changed while the site was being built|template error/,
    );
    const index = await readFile(path.join(root, "dist", "index.html"), "utf8");
    expect(index).toContain("Story 5, edited");
    expect(index).not.toContain("Story 4");
  });
});
