/**
 * Throw-away folders and what is in them: make them, write files into them, list them,
 * and take a comparable picture of a tree (snapshot) to tell what a run changed.
 */
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const made: string[] = [];

/** A fresh empty folder under the system temp folder; removed by removeTempDirs(). */
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `vistka-e2e-${label}-`));
  made.push(dir);
  return dir;
}

/** tempDir for synchronous code (a test's helper that makes a folder per call). */
export function tempDirSync(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `vistka-e2e-${label}-`));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Write files (text as UTF-8, or raw bytes) under `root`, making folders as needed. */
export async function writeFiles(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

/**
 * Wait until every file under `dir` was last changed more than two seconds ago: a build
 * trusts a file's stat only then (one changed within two seconds of its reading is read
 * again: src/pipeline/source-records.ts), as it would a newsroom's files saved before it.
 * The ctime counts, which no call sets back: this waits.
 */
export async function untilSettled(dir: string): Promise<void> {
  for (const name of await listFiles(dir)) {
    for (;;) {
      const { mtimeMs, ctimeMs } = await stat(path.join(dir, name));
      if (Date.now() - Math.max(mtimeMs, ctimeMs) > 2100) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Every file under `dir` (dot-files included), as `/`-separated relative paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * A comparable picture of a folder tree: every folder (`dir`) and every file
 * (its SHA-256, plus its mtime when `withMtime`), keyed by relative path.
 * Equal snapshots mean nothing was added, removed or changed. The manifest's record
 * of what a one-off build was made from is left out (`watch` writes none, and makes
 * the same files with the same signatures); tests/cli/up-to-date.test.ts checks it.
 */
export async function snapshot(dir: string, withMtime = false): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, full).split(path.sep).join("/");
    if (e.isDirectory()) out[`${rel}/`] = "dir";
    else {
      let bytes: Uint8Array | string;
      let mtime = 0;
      try {
        bytes = await readFile(full);
        if (withMtime) mtime = (await stat(full)).mtimeMs;
      } catch (error) {
        // Under watch the journal names the files a save replaced until the manifest is written,
        // a moment after the pages (writeManifestSoon): listed, it may be gone when read.
        if (e.name === ".vistka-journal" && (error as NodeJS.ErrnoException).code === "ENOENT")
          continue;
        throw error;
      }
      if (rel === ".vistka-manifest.json") bytes = withoutRecord(bytes.toString());
      const hash = createHash("sha256").update(bytes).digest("hex");
      out[rel] = withMtime ? `${hash} @${mtime}` : hash;
    }
  }
  return out;
}

/** A manifest's entries without its record of inputs, as comparable text (a damaged one as it is). */
function withoutRecord(text: string): string {
  try {
    const m = JSON.parse(text) as Record<string, unknown>;
    delete m.input;
    return JSON.stringify(m);
  } catch {
    return text;
  }
}

/** Differences between two snapshots, one line each, for readable failures. */
export function describeDiff(a: Record<string, string>, b: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!(k in b)) out.push(`only in first: ${k}`);
    else if (!(k in a)) out.push(`only in second: ${k}`);
    else if (a[k] !== b[k]) out.push(`differs: ${k}`);
  }
  return out;
}

/**
 * The relative paths of every file of the site under `dir` that contains `needle`. vistka's
 * own records (.vistka-manifest.json, .vistka-journal) are left out: they name paths, and
 * under watch the manifest is written a moment after the pages (writeManifestSoon).
 */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith(".vistka-")) continue;
    const full = path.join(e.parentPath, e.name);
    if ((await readFile(full)).includes(needle)) out.push(path.relative(dir, full));
  }
  return out.sort();
}

/** Relative paths of files and folders under `dir` whose name matches `re`. */
export async function namesMatching(dir: string, re: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => re.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
