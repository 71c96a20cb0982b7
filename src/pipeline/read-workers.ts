/**
 * Many article files read at once on worker threads (`--jobs`) and on this thread: each
 * runs readArticle (read-article.ts) on a batch of files at a time (a worker posts the
 * plain results back), while the next batch waits for whichever is free. The results
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

/** Fewer files than this per thread (this one counted) take no thread: its start costs more. */
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
 * How many worker threads to read `count` files on besides this one, with `jobs` in all:
 * none for one job, few files, or no worker script beside this module (vistka run from
 * its TypeScript sources, as the in-process tests do).
 */
export function readThreads(count: number, jobs: number): number {
  if (jobs <= 1 || !existsSync(WORKER_FILE)) return 0;
  return Math.max(0, Math.min(jobs - 1, Math.floor(count / FILES_PER_THREAD) - 1));
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

/** Read on `threads` worker threads and on this one, a batch at a time each. */
async function readOnThreads(
  files: readonly ReadRequest[],
  settings: ReadSettings,
  threads: number,
  progress?: (done: number) => void,
): Promise<ReadOutcome[]> {
  const outcomes = new Array<ReadOutcome>(files.length);
  let next = 0;
  let done = 0;
  let failed: unknown = null;
  /** Resolves this thread's wait for the last answers. */
  let wake: (() => void) | null = null;
  const take = (): ReadBatch => {
    const batch: ReadBatch = { at: next, files: files.slice(next, next + BATCH) };
    next += batch.files.length;
    return batch;
  };
  const got = ({ at, outcomes: list }: ReadBatchDone) => {
    for (let i = 0; i < list.length; i++) outcomes[at + i] = list[i] as ReadOutcome;
    const before = done;
    done += list.length;
    if (Math.floor(done / 500) > Math.floor(before / 500)) progress?.(done);
  };
  const fail = (error: unknown) => {
    failed ??= error;
    wake?.();
  };
  const workers: Worker[] = [];
  try {
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(WORKER_FILE, { workerData: settings });
      workers.push(worker);
      worker.on("message", (answer: ReadBatchDone) => {
        got(answer);
        if (next < files.length) worker.postMessage(take());
        wake?.();
      });
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (done < files.length) fail(new Error(`a reading thread stopped (exit ${code})`));
      });
      // Two batches each to start: a thread never waits for its next while this one reads.
      worker.postMessage(take());
      if (next < files.length) worker.postMessage(take());
    }
    // This thread reads too (its code is warm, its outcomes need no copying), letting the
    // threads' answers in between its batches.
    while (next < files.length && failed === null) {
      const batch = take();
      got({ at: batch.at, outcomes: batch.files.map(([f, k]) => readArticle(f, settings, k)) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (done < files.length && failed === null) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    if (failed !== null) throw failed;
  } finally {
    for (const w of workers) void w.terminate();
  }
  return outcomes;
}
