/**
 * The batching watcher on its own (src/io/watcher.ts): after close(), the batch
 * in progress finishes and nothing more runs, even if a file changed meanwhile.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { watchFiles } from "../../src/io/watcher.js";
import { delay } from "./support.js";

it("runs no batch after close(), though a save landed during the last one", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vistka-watcher-"));
  const file = path.join(dir, "a.txt");
  writeFileSync(file, "1");
  let closed = false;
  const batches: boolean[] = [];
  let batchStarted!: () => void;
  const started = new Promise<void>((resolve) => {
    batchStarted = resolve;
  });
  const watcher = watchFiles([dir], async () => {
    batches.push(closed);
    batchStarted();
    // The editor saves again while the batch runs.
    await delay(30);
    writeFileSync(file, "a longer second version");
    await delay(100);
  });
  await watcher.ready;
  writeFileSync(file, "2");
  await started;
  await watcher.close(); // Ctrl-C during the batch
  closed = true;
  await delay(500);
  expect(batches).toEqual([false]);
  rmSync(dir, { recursive: true, force: true });
}, 10_000);
