/**
 * Many article files read at once on worker threads (`--jobs`): each thread runs
 * readArticle (read-article.ts) on a batch of files at a time and posts the plain
 * results back, while the next batch waits for whichever thread is free. The results
 * come back in the order asked, so what a build does with them never depends on
 * which thread was faster.
 *
 * Threads cost a start (loading vistka's parser, tens of milliseconds each): they are
 * used only for many files (a first build, a template-free rebuild after many changes),
 * never for an edit.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type ReadOutcome, type ReadSettings, readArticle } from "./read-article.js";

/** Fewer files than this per thread are read on this thread: a thread's start costs more. */
export const FILES_PER_THREAD = 250;
/** Files handed to a thread at a time: small enough to keep both busy to the end. */
const BATCH = 64;

/** One file to read: its path and the signature of the bytes last read, if any. */
export type ReadRequest = readonly [full: string, knownDigest: string | undefined];

/** The message a reading thread gets: a batch, by its first index. */
export interface ReadBatch {
  at: number;
  files: readonly ReadRequest[];
}

/** The message it answers with. */
export interface ReadBatchDone {
  at: number;
  outcomes: ReadOutcome[];
}

const WORKER_FILE = fileURLToPath(new URL("./read-worker.js", import.meta.url));

/**
 * How many threads to read `count` files on, with at most `jobs`: none (this thread)
 * for one job, few files, or no worker script beside this module (vistka run from its
 * TypeScript sources, as the in-process tests do).
 */
export function readThreads(count: number, jobs: number): number {
  if (jobs <= 1 || !existsSync(WORKER_FILE)) return 0;
  return Math.min(jobs, Math.floor(count / FILES_PER_THREAD));
}

/**
 * Read `files` with readArticle, on `threads` worker threads (0: on this one); the outcomes
 * in the order of `files`. If the threads fail (they cannot start here, say), the files are
 * read again on this thread: a bug of readArticle's then shows there, with its stack.
 */
export async function readAll(
  files: readonly ReadRequest[],
  settings: ReadSettings,
  threads: number,
  progress?: (done: number) => void,
): Promise<ReadOutcome[]> {
  if (threads > 0) {
    try {
      return await readOnThreads(files, settings, threads, progress);
    } catch {
      // Read here instead, below.
    }
  }
  const outcomes: ReadOutcome[] = [];
  for (const [full, known] of files) {
    outcomes.push(readArticle(full, settings, known));
    if (outcomes.length % 500 === 0) progress?.(outcomes.length);
  }
  return outcomes;
}

async function readOnThreads(
  files: readonly ReadRequest[],
  settings: ReadSettings,
  threads: number,
  progress?: (done: number) => void,
): Promise<ReadOutcome[]> {
  const outcomes = new Array<ReadOutcome>(files.length);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const give = (worker: Worker) => {
        if (next >= files.length) return;
        const batch: ReadBatch = { at: next, files: files.slice(next, next + BATCH) };
        next += batch.files.length;
        worker.postMessage(batch);
      };
      for (let t = 0; t < threads; t++) {
        const worker = new Worker(WORKER_FILE, { workerData: settings });
        workers.push(worker);
        worker.on("message", ({ at, outcomes: got }: ReadBatchDone) => {
          for (let i = 0; i < got.length; i++) outcomes[at + i] = got[i] as ReadOutcome;
          const before = done;
          done += got.length;
          if (Math.floor(done / 500) > Math.floor(before / 500)) progress?.(done);
          if (done === files.length) resolve();
          else give(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (done < files.length) reject(new Error(`a reading thread stopped (exit ${code})`));
        });
        // Two batches each to start: a thread never waits for the next while this one answers.
        give(worker);
        give(worker);
      }
    });
  } finally {
    for (const w of workers) void w.terminate();
  }
  return outcomes;
}
