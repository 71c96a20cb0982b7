import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  describeDiff,
  ensureBuilt,
  prng,
  removeTempDirs,
  seedFrom,
  snapshot,
  tempDir,
} from "../support/index.js";
import { int, Newsroom, OPS, type OpKind, pick } from "./newsroom.js";
import { cleanBuild, humanPause, killAll, startWatch, type Vistka } from "./support.js";

const FLAGS = ["--base-url", "https://example.org/news/", "--page-size", "4"];

/** How two manifests differ: entries only in one, different signatures, or only the order. */
async function manifestDiff(a: string, b: string): Promise<string> {
  const read = async (f: string) =>
    (JSON.parse(await readFile(f, "utf8")) as { files: Record<string, string> }).files;
  const x = await read(a);
  const y = await read(b);
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  const onlyWatch = keys.filter((k) => !(k in y));
  const onlyClean = keys.filter((k) => !(k in x));
  const differ = keys.filter((k) => k in x && k in y && x[k] !== y[k]);
  const sameOrder = JSON.stringify(Object.keys(x)) === JSON.stringify(Object.keys(y));
  return `manifest: ${keys.length} entries; only in watch's: ${onlyWatch.join(" ") || "-"}; only in the clean build's: ${onlyClean.join(" ") || "-"}; ${differ.length} signatures differ (${differ.slice(0, 5).join(" ")}); same order: ${sameOrder}`;
}

function hrefs(html: string): Set<string> {
  return new Set([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] as string));
}

/** Wait until the watched dist/ equals `expected`, re-checking after each rebuild; the last diff. */
async function settlesTo(
  proc: Vistka,
  dist: string,
  expected: Record<string, string>,
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diff = describeDiff(await snapshot(dist), expected);
    if (diff.length === 0 || Date.now() > deadline) return diff;
    await proc.nextRebuild(proc.cursor, 250).catch(() => {});
  }
}

/**
 * Drive `count` random operations (of `kinds`) through a running watch,
 * comparing with a clean build every ~10 operations; fails at the first
 * checkpoint where the two differ, with the seed and the operations since
 * the last checkpoint that matched.
 */
async function drive(label: string, kinds: OpKind[], count: number): Promise<void> {
  const seed = seedFrom("VISTKA_WATCH_SEED");
  console.log(`${label}: seed ${seed} (replay with VISTKA_WATCH_SEED=${seed})`);
  const rand = prng(seed);
  const root = await tempDir(`invariant-${label}`);
  const articles = path.join(root, "articles");
  const dist = path.join(root, "dist");
  const room = new Newsroom(articles, rand);
  await room.seed(10);
  const { proc } = await startWatch(root, ["--no-serve", ...FLAGS]);

  // Every kind at least three times, then random ones, in a shuffled order.
  const plan: OpKind[] = [];
  for (const k of kinds) plan.push(k, k, k);
  while (plan.length < count) plan.push(pick(rand, kinds));
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [plan[i], plan[j]] = [plan[j] as OpKind, plan[i] as OpKind];
  }

  let done = 0;
  let sinceCheckpoint = 0;
  let checkpoints = 0;
  let logFrom = 0;
  const settleGroup = async (from: number, what: string) => {
    await proc.nextRebuild(from, 20_000).catch((error: Error) => {
      throw new Error(`seed ${seed}: no rebuild after ${what}\n${error.message}`);
    });
    await humanPause();
  };
  const checkpoint = async () => {
    const broken = room.brokenFiles();
    if (broken.length > 0) {
      const from = proc.cursor;
      for (const rel of broken) await room.fix(rel);
      await settleGroup(from, "fixing the broken files");
    }
    checkpoints++;
    const clean = await cleanBuild(articles, await tempDir(`invariant-${label}-clean`), FLAGS);
    const diff = await settlesTo(proc, dist, clean.tree, 8_000);
    const links: string[] = [];
    for (const line of diff) {
      const rel = line.replace(/^differs: /, "");
      if (rel === ".vistka-manifest.json" && line !== rel) {
        links.push(await manifestDiff(path.join(dist, rel), path.join(clean.dist, rel)));
        continue;
      }
      if (line === rel || !rel.endsWith(".html")) continue;
      const a = hrefs(await readFile(path.join(dist, rel), "utf8"));
      const b = hrefs(await readFile(path.join(clean.dist, rel), "utf8"));
      const extra = [...a].filter((h) => !b.has(h));
      const missing = [...b].filter((h) => !a.has(h));
      links.push(
        `${rel}: links only in watch's: ${extra.join(" ") || "-"}; only in the clean build's: ${missing.join(" ") || "-"}`,
      );
    }
    expect(
      diff,
      `seed ${seed}, checkpoint ${checkpoints}: watch's dist/ differs from a clean build after these operations:\n  ${room.log.slice(logFrom).join("\n  ")}\n${links.join("\n")}\n${proc.transcript()}`,
    ).toEqual([]);
    logFrom = room.log.length;
    sinceCheckpoint = 0;
  };

  while (done < plan.length) {
    // One group: 1–3 operations on different files, straight after each other.
    const size = Math.min(int(rand, 1, 3), plan.length - done);
    const busy = new Set<string>();
    const from = proc.cursor;
    let touched = 0;
    for (let i = 0; i < size; i++) {
      // An operation that has nothing to act on (no broken file to fix…) gives way to another.
      let files = await room.run(plan[done + i] as OpKind, busy);
      for (let retry = 0; files.length === 0 && retry < 20; retry++)
        files = await room.run(pick(rand, kinds), busy);
      for (const f of files) busy.add(f);
      touched += files.length;
    }
    done += size;
    sinceCheckpoint += size;
    if (touched > 0) await settleGroup(from, room.log.slice(-size).join("; "));
    if (sinceCheckpoint >= 10 || done === plan.length) await checkpoint();
  }
  expect(room.log.length).toBeGreaterThanOrEqual(count);
  expect(checkpoints).toBeGreaterThanOrEqual(4);
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

describe.sequential("vistka watch keeps dist/ equal to a clean build", () => {
  it("through a random sequence of edits, additions, deletions, rename-saves and broken saves (no renames)", async () => {
    await drive(
      "no-renames",
      OPS.filter((k) => k !== "rename"),
      44,
    );
  }, 60_000);

  it("through a random sequence of every kind of operation, renames included", async () => {
    await drive("all", OPS, 48);
  }, 60_000);
});
