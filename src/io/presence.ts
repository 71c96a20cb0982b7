/**
 * Which of the files a manifest lists are still in the output folder: a file deleted by
 * hand is made again by the next build. Ten thousand checks take a fresh build tens of
 * milliseconds, so a build that has other work to do meanwhile (making the site model)
 * has them made on another thread (`presenceInWorker`); the answer is the same as from
 * `lookAt` on this thread, which is the one algorithm both run.
 */
import { existsSync, readdirSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** `found` values: not looked at yet, there, gone. */
export const UNSEEN = 0;
export const THERE = 1;
export const GONE = 2;
/** A folder is read once for its files when at least this many are listed in a row (search/d/). */
const IN_A_ROW = 32;

interface Fs {
  existsSync: (path: string) => boolean;
  readdirSync: (path: string, options: { withFileTypes: true }) => import("node:fs").Dirent[];
}

/**
 * Whether the file listed at `at` (`pathAt`, relative to `root`, which ends with a
 * separator) is there, into `found`; a folder whose files are listed many in a row from
 * `at` is read once for all of them. As existsSync: a link is there when its target is.
 * Self-contained (it runs in a worker as its source text): everything comes as arguments.
 */
export function lookAt(
  root: string,
  pathAt: (i: number) => string | undefined,
  at: number,
  found: Uint8Array,
  fs: Fs,
  marks: { there: number; gone: number; inARow: number },
): void {
  const rel = pathAt(at) as string;
  const end = rel.lastIndexOf("/") + 1;
  const inFolder = (other: string | undefined): boolean => {
    if (other === undefined || other.length <= end || other.indexOf("/", end) >= 0) return false;
    for (let i = end - 1; i >= 0; i--) if (other.charCodeAt(i) !== rel.charCodeAt(i)) return false;
    return true;
  };
  if (!inFolder(pathAt(at + marks.inARow - 1))) {
    found[at] = fs.existsSync(root + rel) ? marks.there : marks.gone;
    return;
  }
  const folder = root + rel.slice(0, end);
  const names = new Set<string>();
  try {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }))
      if (!entry.isSymbolicLink() || fs.existsSync(folder + entry.name)) names.add(entry.name);
  } catch {
    // Gone, or no folder: as existsSync, nothing in it is there.
  }
  for (let i = at; inFolder(pathAt(i)); i++)
    found[i] = names.has((pathAt(i) as string).slice(end)) ? marks.there : marks.gone;
}

const MARKS = { there: THERE, gone: GONE, inARow: IN_A_ROW };

/** lookAt on this thread. */
export function lookHere(
  root: string,
  pathAt: (i: number) => string | undefined,
  at: number,
  found: Uint8Array,
): void {
  lookAt(root, pathAt, at, found, { existsSync, readdirSync }, MARKS);
}

/**
 * Every listed file's presence (`paths`, relative to `root`), looked at on another thread:
 * the same answers as lookHere, in a `found` array. Rejects if the thread cannot run (the
 * caller then looks on this thread).
 */
export function presenceInWorker(root: string, paths: readonly string[]): Promise<Uint8Array> {
  const source = `
    const { workerData, parentPort } = require("node:worker_threads");
    const fs = require("node:fs");
    const lookAt = ${lookAt.toString()};
    const { root, paths, marks } = workerData;
    const found = new Uint8Array(paths.length);
    const pathAt = (i) => paths[i];
    for (let at = 0; at < paths.length; at++)
      if (found[at] === 0) lookAt(root, pathAt, at, found, fs, marks);
    parentPort.postMessage(found, [found.buffer]);
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { root, paths, marks: MARKS } });
    worker.once("message", (found: Uint8Array) => {
      resolve(found);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`presence check stopped (${code})`)));
  });
}
