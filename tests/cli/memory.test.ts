/**
 * A site too large for Node's memory limit is said once its articles are read (src/app/memory.ts):
 * the rule on figures, then `build` and `watch` saying it, with the heap's figures handed in
 * through io as a machine of 8 GB with 100,000 articles would give them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type HeapFigures, memoryWarning } from "../../src/app/memory.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import { articleText, removeTempDirs, tempDir, vistka, writeFiles } from "../support/index.js";

const GB = 1024 ** 3;
/** A machine of 8 GB: Node's default limit is a quarter of it; the articles took 1.8 GB. */
const CROWDED: HeapFigures = { used: 1.8 * GB, limit: 2 * GB, machine: 8 * GB };

afterAll(removeTempDirs);

describe("memoryWarning", () => {
  it("says nothing while the heap is within half its limit", () => {
    expect(memoryWarning({ used: 0.2 * GB, limit: 4 * GB, machine: 24 * GB }, "articles")).toBe(
      null,
    );
    expect(memoryWarning({ used: 2 * GB, limit: 4 * GB, machine: 24 * GB }, "articles")).toBe(null);
  });

  it("past half, names the folder, the figures and the setting that gives Node more", () => {
    const w = memoryWarning(CROWDED, "news/articles");
    expect(w?.file).toBe("news/articles");
    expect(w?.message).toContain("1.8 GB of Node's 2.0 GB memory limit");
    // Three times what reading took (5.4 GB), in whole gigabytes; within 3/4 of the machine.
    expect(w?.hint).toBe(
      "give Node more: NODE_OPTIONS=--max-old-space-size=6144, in megabytes; this machine has 8.0 GB",
    );
    // On a larger machine the same heap asks no more than it needs.
    const big = memoryWarning({ ...CROWDED, machine: 64 * GB }, "articles");
    expect(big?.hint).toContain("--max-old-space-size=6144,");
    // On a smaller one, no more than three quarters of its memory.
    const small = memoryWarning({ used: 0.6 * GB, limit: GB, machine: 4 * GB }, "articles");
    expect(small?.hint).toContain("--max-old-space-size=2048,");
  });

  it("part-way through the reading, says how far and asks room for all the articles", () => {
    const w = memoryWarning({ used: 0.6 * GB, limit: GB, machine: 24 * GB }, "articles", {
      done: 40_000,
      total: 100_000,
    });
    expect(w?.message).toContain("with 40000 of 100000 articles read, they take 614 MB");
    // All of them: 1.5 GB, three times that in whole gigabytes.
    expect(w?.hint).toContain("--max-old-space-size=5120,");
  });

  it("on a machine with no more to give, says so instead of a setting that cannot help", () => {
    const w = memoryWarning({ used: 1.5 * GB, limit: 2 * GB, machine: 2.5 * GB }, "articles");
    expect(w?.hint).toBe("build on a machine with more memory than this one's 2.5 GB");
  });
});

/** What a run in this process has said so far. */
interface Said {
  stdout: string;
  stderr: string;
}

/** Run vistka in this process with the heap's figures `heap`; `said` fills as it runs. */
function run(
  args: string[],
  cwd: string,
  heap: () => HeapFigures,
  options: { said?: Said; stop?: AbortSignal } = {},
) {
  return vistka(args, cwd, { heap, ...options });
}

async function site(): Promise<string> {
  const dir = await tempDir("memory");
  await writeFiles(dir, {
    "articles/one.txt": articleText({
      headline: "Громада відкрила нову бібліотеку",
      source: "Міська рада",
      date: "2024-03-01",
      body: ["У бібліотеці дві тисячі книжок і читальна зала."],
    }),
  });
  return dir;
}

const crowded = memoryWarning(CROWDED, "articles");
if (!crowded) throw new Error("CROWDED is past half the limit");
const expected = `warning: ${formatProblem(crowded)}`;
const memoryLines = (stderr: string) =>
  stderr.split("\n").filter((l) => l.includes("memory limit"));

describe("build and watch on a crowded heap", () => {
  it("build says it once, before the summary, and still builds", async () => {
    const dir = await site();
    const r = await run(["build"], dir, () => CROWDED);
    expect(r.code).toBe(0);
    expect(memoryLines(r.stderr)).toEqual([expected]);
    expect(r.stdout).toContain("Built 1 article");
  });

  it("build --json lists it among the warnings; --quiet says nothing", async () => {
    const dir = await site();
    const json = await run(["build", "--json"], dir, () => CROWDED);
    expect(JSON.parse(json.stdout).warnings).toContain(expected.slice("warning: ".length));
    expect(json.stderr).not.toContain("memory limit");
    const quiet = await run(["build", "--quiet", "--out", "dist2"], dir, () => CROWDED);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain("memory limit");
  });

  it("build with room says nothing of memory", async () => {
    const dir = await site();
    const r = await run(["build"], dir, () => ({ used: 50e6, limit: 4 * GB, machine: 8 * GB }));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("memory limit");
  });

  it("build looks while the articles are read too, and says it once", async () => {
    // 600 files: the reading reports its progress after 500 of them.
    const dir = await tempDir("memory-many");
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++)
      files[`articles/n${String(i).padStart(3, "0")}.txt`] = articleText({
        headline: `Новина номер ${i}`,
        source: "Міська рада",
        date: "2024-03-01",
        body: [`Короткий текст новини ${i}.`],
      });
    await writeFiles(dir, files);
    // With room: looked at after 500 files and once all are read.
    let looks = 0;
    const roomy = await run(["build", "--jobs", "1"], dir, () => {
      looks++;
      return { used: 50e6, limit: 4 * GB, machine: 8 * GB };
    });
    expect(roomy.code).toBe(0);
    expect(looks).toBe(2);
    // Crowded at the look during the reading: said then (how far it got), and not looked at again.
    looks = 0;
    const crowdedRun = await run(["build", "--jobs", "1", "--out", "dist2"], dir, () => {
      looks++;
      return CROWDED;
    });
    expect(crowdedRun.code).toBe(0);
    const partWay = memoryWarning(CROWDED, "articles", { done: 500, total: 600 });
    expect(partWay?.message).toContain("with 500 of 600 articles read");
    expect(memoryLines(crowdedRun.stderr)).toEqual([
      `warning: ${formatProblem(partWay as NonNullable<typeof partWay>)}`,
    ]);
    expect(looks).toBe(1);
  });

  it("watch says it after its first reading", async () => {
    const dir = await site();
    const stop = new AbortController();
    const said: Said = { stdout: "", stderr: "" };
    const running = run(["watch", "--no-serve"], dir, () => CROWDED, { said, stop: stop.signal });
    const deadline = Date.now() + 20_000;
    while (!said.stdout.includes("watching") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    stop.abort();
    const r = await running;
    expect(r.stdout).toContain("watching");
    expect(memoryLines(r.stderr)).toEqual([expected]);
  });
});
