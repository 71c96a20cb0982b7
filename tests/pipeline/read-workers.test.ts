/**
 * Reading many article files (pipeline/read-workers.ts): the outcomes come in the order
 * asked whatever thread read them, and threads that cannot start leave the reading to this
 * thread. (Run from the TypeScript sources, as here, there is no worker script to start:
 * tests/cli/jobs.test.ts runs the built vistka, whose threads do start.)
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { articleText } from "../../bench/generate.js";
import { type ReadSettings, readArticle } from "../../src/pipeline/read-article.js";
import { readAll, readThreads } from "../../src/pipeline/read-workers.js";
import { removeTempDirs, tempDir } from "../support/index.js";

afterAll(removeTempDirs);

const SETTINGS: ReadSettings = {
  cwd: "/",
  check: { split: "auto", timeZone: "Europe/Kyiv" },
  site: { lang: "uk", timeZone: "Europe/Kyiv" },
};

describe("readAll", () => {
  it("gives readArticle's outcomes in the order asked, on this thread when threads cannot start", async () => {
    const dir = await tempDir("read-all");
    const files = Array.from({ length: 40 }, (_, i) => path.join(dir, `a${i}.txt`));
    for (const [i, f] of files.entries()) writeFileSync(f, articleText(i, 5));
    writeFileSync(files[7] as string, "\n\n");
    rmSync(files[9] as string);
    const requests = files.map((f) => [f, undefined] as const);
    const expected = files.map((f) => readArticle(f, SETTINGS));
    expect(expected[7]?.kind).toBe("read");
    expect(expected[9]?.kind).toBe("gone");
    // No worker script beside the sources: the threads fail to start, and this thread reads.
    expect(await readAll(requests, SETTINGS, 2)).toEqual(expected);
    expect(await readAll(requests, SETTINGS, 0)).toEqual(expected);
  });

  it("takes no thread for one job, or for few files", () => {
    expect(readThreads(100_000, 1)).toBe(0);
    expect(readThreads(10, 8)).toBe(0);
  });
});
