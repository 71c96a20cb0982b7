/**
 * The batching watcher on its own (src/io/watcher.ts): before it is ready, it looks at each
 * of its targets once; after close(), the batch in progress finishes and nothing more runs,
 * even if a file changed meanwhile; a file saved while a batch runs is batched after it; a
 * folder that came is followed by a second look at its watched folder; once ready, it sees
 * every file added, renamed or saved in its folders, however chokidar fares with a large
 * folder, and nothing beside them.
 */
import fs, { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  type BatchWatcher,
  type WatchBatch,
  type WatchOptions,
  watchFiles,
} from "../../src/io/watcher.js";
import { removeTempDirs, tempDirSync } from "../support/temp.js";
import { delay } from "./support.js";

afterAll(removeTempDirs);

/**
 * watchFiles on `targets` whose `onBatch` is called from `ready` on: its look at its targets
 * before it is ready is not what these tests are about (one test below is).
 */
async function watchFromReady(
  targets: string[],
  onBatch: (batch: WatchBatch) => Promise<void>,
  options: WatchOptions = {},
): Promise<BatchWatcher> {
  let armed = false;
  const watcher = watchFiles(
    targets,
    (batch) => (armed ? onBatch(batch) : Promise.resolve()),
    options,
  );
  await watcher.ready;
  armed = true;
  return watcher;
}

/** A promise and the call that settles it, for a test to wait on something a batch does. */
function signal(): { fired: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
}

/** Wait, 50 ms at a time, until `done()` or 5 s have passed. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < 5_000 && !done(); waited += 50) await delay(50);
}

/**
 * Run `body` once watchFiles on `targets` is ready, then close it: `batches` holds each
 * batch's paths, `seen` all of them, and `unseen(paths)` gives those no batch gave within 5 s.
 */
async function whileWatching(
  targets: string[],
  body: (watched: {
    seen: Set<string>;
    batches: string[][];
    unseen: (paths: string[]) => Promise<string[]>;
  }) => Promise<void>,
): Promise<void> {
  const seen = new Set<string>();
  const batches: string[][] = [];
  const watcher = await watchFromReady(targets, async (batch) => {
    batches.push([...batch.paths]);
    for (const p of batch.paths) seen.add(p);
  });
  const unseen = async (paths: string[]) => {
    await until(() => paths.every((p) => seen.has(p)));
    return paths.filter((p) => !seen.has(p));
  };
  try {
    await body({ seen, batches, unseen });
  } finally {
    await watcher.close();
  }
}

/**
 * Keep this thread busy for 1.3 s, as chokidar's read of a large folder does: a read it was
 * asked for meanwhile (at most one a second) is then forgotten by its throttle's timer.
 */
function busyAsALongRead(): void {
  const until = performance.now() + 1_300;
  while (performance.now() < until) {
    // busy
  }
}

it("runs no batch after close(), though a save landed during the last one", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vistka-watcher-"));
  const file = path.join(dir, "a.txt");
  writeFileSync(file, "1");
  let closed = false;
  const batches: boolean[] = [];
  const started = signal();
  const watcher = await watchFromReady([dir], async () => {
    batches.push(closed);
    started.fire();
    // The editor saves again while the batch runs.
    await delay(30);
    writeFileSync(file, "a longer second version");
    await delay(100);
  });
  writeFileSync(file, "2");
  await started.fired;
  await watcher.close(); // Ctrl-C during the batch
  closed = true;
  await delay(500);
  expect(batches).toEqual([false]);
  rmSync(dir, { recursive: true, force: true });
}, 10_000);

it("looks at each of its targets once before it is ready: folders as a whole, the config file", async () => {
  // A file saved while `watch` made its first build, before the watches were set up, gives
  // no event: only such a look finds it.
  const project = tempDirSync("watcher");
  const [articles, templates] = [path.join(project, "articles"), path.join(project, "tpl")];
  mkdirSync(articles);
  mkdirSync(templates);
  writeFileSync(path.join(articles, "a.txt"), "1");
  const batches: WatchBatch[] = [];
  const targets = [articles, path.join(project, "vistka.config.json"), templates];
  const watcher = watchFiles(targets, async (batch) => {
    batches.push(batch);
  });
  try {
    await watcher.ready;
    expect(batches.map((b) => [[...b.paths].sort(), b.lookAgain])).toEqual([
      [[...targets].sort(), true],
    ]);
  } finally {
    await watcher.close();
  }
}, 10_000);

it("sees every file's saves when the system will not watch them all, and says so once", async () => {
  // Linux's fs.inotify.max_user_watches (8,192 on many machines) runs out in a large folder:
  // chokidar's watch of the folder, made after its files', failed, and saves of the files
  // past the limit were never seen; each file past it was an error line of its own. Here
  // fs.watch refuses more than 20 watches, as the kernel does, with ENOSPC.
  const dir = tempDirSync("watcher");
  const names = Array.from({ length: 60 }, (_, i) => path.join(dir, `a${i}.txt`));
  for (const name of names) writeFileSync(name, "1");
  const real = fs.watch;
  let made = 0;
  fs.watch = ((...args: Parameters<typeof fs.watch>) => {
    if (++made > 20) {
      const error = new Error("ENOSPC: System limit for number of file watchers reached");
      throw Object.assign(error, { code: "ENOSPC", errno: -28, syscall: "watch" });
    }
    return real(...args);
  }) as typeof fs.watch;
  syncBuiltinESMExports();
  const limits: string[] = [];
  const seen = new Set<string>();
  const watcher = await watchFromReady(
    [dir],
    async (batch) => {
      for (const p of batch.paths) seen.add(p);
    },
    { onLimit: (message) => limits.push(message), onError: (error) => limits.push(`${error}`) },
  );
  try {
    const saved = [names[0], names[30], names[59]] as string[];
    for (const name of saved) writeFileSync(name, "2");
    await until(() => saved.every((p) => seen.has(p)));
    expect(saved.filter((p) => !seen.has(p))).toEqual([]);
    expect(limits).toHaveLength(1);
    expect(limits[0]).toContain("fs.inotify.max_user_watches");
  } finally {
    fs.watch = real;
    syncBuiltinESMExports();
    await watcher.close();
  }
}, 15_000);

it("gives a file saved while a batch runs a batch of its own", async () => {
  // The save's wait ends while the batch runs; it must then be batched once that one is done
  // (it was left waiting for another event, which may never come).
  const dir = tempDirSync("watcher");
  const [a, b] = [path.join(dir, "a.txt"), path.join(dir, "b.txt")];
  writeFileSync(a, "1");
  writeFileSync(b, "1");
  const batches: string[][] = [];
  const running = signal();
  const watcher = await watchFromReady([dir], async (batch) => {
    batches.push([...batch.paths]);
    running.fire();
    await delay(150);
  });
  try {
    writeFileSync(a, "2");
    await running.fired;
    writeFileSync(b, "2");
    await until(() => batches.flat().includes(b));
    expect(batches).toEqual([[a], [b]]);
  } finally {
    await watcher.close();
  }
}, 10_000);

it("looks at the whole watched folder again a while after a folder in it came", async () => {
  // chokidar misses events in a folder in the moments after it appears (a file deleted
  // from a folder just pasted): only a second look at everything finds them.
  const dir = mkdtempSync(path.join(os.tmpdir(), "vistka-watcher-"));
  const batches: WatchBatch[] = [];
  const lookedAgain = signal();
  const watcher = await watchFromReady([dir], async (batch) => {
    batches.push(batch);
    if (batch.lookAgain) lookedAgain.fire();
  });
  try {
    mkdirSync(path.join(dir, "pasted"));
    writeFileSync(path.join(dir, "pasted", "a.txt"), "1");
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(JSON.stringify(batches))), 10_000);
    });
    await Promise.race([lookedAgain.fired, late]).finally(() => clearTimeout(timer));
    const first = batches[0] as WatchBatch;
    expect(first.lookAgain).toBe(false);
    expect([...first.paths]).toContain(path.join(dir, "pasted"));
    const again = batches.find((b) => b.lookAgain) as WatchBatch;
    expect([...again.paths]).toEqual([dir]);
  } finally {
    await watcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 15_000);

it("is ready only once it watches every file: an edit right after is seen, wherever the file is", async () => {
  // With a path among its targets that is not there (`vistka watch` on a folder without a
  // vistka.config.json), chokidar says "ready" while still setting up the watches of the
  // folder's files (a second more for 10,000 articles): an edit of a file not yet watched
  // was never seen, and `watch` had already said "watching".
  const dir = tempDirSync("watcher");
  // Half of them in a folder of their own (articles are read recursively).
  mkdirSync(path.join(dir, "more"));
  const names = Array.from(
    { length: 3000 },
    (_, i) => `${i % 2 ? "more/" : ""}a${String(i).padStart(5, "0")}.txt`,
  );
  for (const name of names) writeFileSync(path.join(dir, name), "1");
  // As `vistka watch` watches them: the articles folder and a config file not made yet.
  const config = path.join(dir, "..", `${path.basename(dir)}.vistka.config.json`);
  await whileWatching([dir, config], async ({ unseen }) => {
    // Files spread over the folder's listing (its order is the file system's, not by name).
    const edited = names
      .filter((_, i) => i % 250 === 7 || i % 250 === 8)
      .map((n) => path.join(dir, n));
    for (const file of edited) writeFileSync(file, "2");
    expect(await unseen(edited)).toEqual([]);
  });
}, 30_000);

it("sees a file added while chokidar reads the folder again, however long that read takes", async () => {
  const dir = tempDirSync("watcher");
  for (let i = 0; i < 2000; i++) writeFileSync(path.join(dir, `a${i}.txt`), "1");
  await whileWatching([dir], async ({ unseen }) => {
    // The first asks chokidar for a read of the folder, the second for one more.
    const added = [path.join(dir, "new-1.txt"), path.join(dir, "new-2.txt")];
    writeFileSync(added[0] as string, "1");
    await delay(15);
    writeFileSync(added[1] as string, "1");
    await delay(15);
    busyAsALongRead();
    expect(await unseen(added)).toEqual([]);
  });
}, 30_000);

it("watches a folder moved in while chokidar's read of its parent is dropped: later saves in it are seen", async () => {
  const dir = tempDirSync("watcher");
  const elsewhere = tempDirSync("watcher-elsewhere");
  for (let i = 0; i < 2000; i++) writeFileSync(path.join(dir, `a${i}.txt`), "1");
  mkdirSync(path.join(elsewhere, "pasted"));
  for (let i = 0; i < 20; i++) writeFileSync(path.join(elsewhere, "pasted", `p${i}.txt`), "1");
  await whileWatching([dir], async ({ unseen }) => {
    writeFileSync(path.join(dir, "new.txt"), "1");
    await delay(15);
    renameSync(path.join(elsewhere, "pasted"), path.join(dir, "pasted"));
    await delay(15);
    busyAsALongRead();
    await delay(1_500);
    const edited = path.join(dir, "pasted", "p7.txt");
    writeFileSync(edited, "2");
    expect(await unseen([edited])).toEqual([]);
  });
}, 30_000);

it("makes no batch of files beside the config file, outside the watched folders", async () => {
  // chokidar watches the folder of a config file not made yet, to see it come: the other
  // names there (a project's own files) are none of the site's.
  const project = tempDirSync("watcher");
  const articles = path.join(project, "articles");
  mkdirSync(articles);
  writeFileSync(path.join(articles, "a.txt"), "1");
  await whileWatching(
    [articles, path.join(project, "vistka.config.json")],
    async ({ seen, unseen }) => {
      writeFileSync(path.join(project, "notes.md"), "1");
      mkdirSync(path.join(project, "drafts"));
      await delay(600);
      expect([...seen]).toEqual([]);
      writeFileSync(path.join(articles, "a.txt"), "2");
      expect(await unseen([path.join(articles, "a.txt")])).toEqual([]);
      expect([...seen]).toEqual([path.join(articles, "a.txt")]);
    },
  );
}, 15_000);

it("gives an editor's safe save as the article alone, not its temp files", async () => {
  // JetBrains: the new text to a.txt___jb_tmp___, a.txt renamed to a.txt___jb_old___, the
  // temp file renamed to a.txt, the old one deleted. Any other name in the batch would make
  // `watch` look at every file again (a folder, a photo), a third of a second at 10,000.
  const dir = tempDirSync("watcher");
  const article = path.join(dir, "a.txt");
  writeFileSync(article, "1");
  await whileWatching([dir], async ({ seen, unseen }) => {
    writeFileSync(`${article}___jb_tmp___`, "2");
    renameSync(article, `${article}___jb_old___`);
    renameSync(`${article}___jb_tmp___`, article);
    rmSync(`${article}___jb_old___`);
    expect(await unseen([article])).toEqual([]);
    await delay(300);
    expect([...seen]).toEqual([article]);
  });
}, 15_000);

it("batches a new file once, though chokidar tells of it again after its folder's own event", async () => {
  // Each batch is a rebuild; a second one for the same bytes is a rebuild for nothing (for
  // a name that is not an article's, `watch` looks at every file again).
  const dir = tempDirSync("watcher");
  for (let i = 0; i < 2000; i++) writeFileSync(path.join(dir, `a${i}.txt`), "1");
  await whileWatching([dir], async ({ batches }) => {
    const added = path.join(dir, "photo.jpg");
    writeFileSync(added, "1");
    await delay(2_000);
    expect(batches.filter((b) => b.includes(added))).toHaveLength(1);
  });
}, 15_000);
