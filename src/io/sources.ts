/**
 * Find and read the article files. Only regular `*.txt` files count: symlinks,
 * FIFOs and devices are passed over with a note (a FIFO would hang a read, a
 * symlink could lead out of the folder or into a loop).
 *
 * Synchronous on purpose: ten thousand small reads are several times faster
 * without a thread-pool hop each, and a build has nothing else to do meanwhile.
 */
import type { Dirent } from "node:fs";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { EXIT, formatProblem, type Problem, UserError } from "../core/shared/errors.js";
import { signature } from "../core/shared/hash.js";

/** Larger files are refused: no news article is 10 MB of text, a misplaced dump is. */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

/** Whether a file name is an article's: `*.txt` in any case (`B.TXT` too), not a dot-file. */
export function isArticleName(name: string): boolean {
  return /\.txt$/i.test(name) && !name.startsWith(".");
}

/** What a folder of articles may hold besides them, unremarked: pictures for the articles. */
const QUIET_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg"]);
/** A licence note beside the pictures (whose they are, under what licence). */
const NOTE_NAME = /^(?:licen[cs]e|copying)(?:\.md)?$/i;

/**
 * List `*.txt` files under `dir`, recursively, sorted by path so builds are deterministic.
 * A folder that cannot be read is listed too: reading it (readSource) gives its problem, so
 * the build stops and names it, as for a file that cannot be read, instead of publishing
 * the site without its articles. One that is gone by the time it is read is only noted.
 */
export function listSources(dir: string, cwd: string): { files: string[]; warnings: Problem[] } {
  const files: string[] = [];
  const warnings: Problem[] = [];
  // What is passed over, said once per kind: a .md or .docx saved by mistake is not lost
  // without a word ("Built 0 articles").
  const otherFiles = new Map<string, string[]>();
  const linkedFolders: string[] = [];
  const walk = (folder: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR")
        warnings.push({ file: displayPath(folder, cwd), message: `cannot read folder: ${code}` });
      else files.push(folder);
      return;
    }
    for (const e of entries) {
      // Dot-files are editors' swap and backup files (.#a.txt, .a.txt.swp): never articles.
      if (e.name.startsWith(".")) continue;
      const full = path.join(folder, e.name);
      if (e.isDirectory()) walk(full);
      else if (isArticleName(e.name)) {
        if (e.isFile()) files.push(full);
        else
          warnings.push({
            file: displayPath(full, cwd),
            message: "skipped: not a regular file (a link, pipe or device)",
          });
      } else if (e.isSymbolicLink() && leadsToFolder(full)) linkedFolders.push(full);
      else {
        const ext = path.extname(e.name).toLowerCase();
        if (QUIET_EXTENSIONS.has(ext) || NOTE_NAME.test(e.name)) continue;
        const kind = ext === "" ? "without an extension" : ext;
        const list = otherFiles.get(kind) ?? [];
        list.push(full);
        otherFiles.set(kind, list);
      }
    }
  };
  walk(dir);
  files.sort();
  const shownDir = displayPath(dir, cwd);
  const some = (paths: string[]) => {
    const names = paths.sort().map((p) => path.relative(dir, p).split(path.sep).join("/"));
    return names.length > 3 ? `${names.slice(0, 3).join(", ")} …` : names.join(", ");
  };
  for (const [kind, paths] of [...otherFiles].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const n = paths.length;
    const what = kind.startsWith(".")
      ? `${kind} ${n === 1 ? "file" : "files"}`
      : `${n === 1 ? "file" : "files"} ${kind}`;
    warnings.push({
      file: shownDir,
      message: `skipped ${n} ${what} (${some(paths)}): only .txt files are articles`,
      hint: "save articles as plain text with the .txt extension",
    });
  }
  if (linkedFolders.length > 0) {
    const n = linkedFolders.length;
    warnings.push({
      file: shownDir,
      message: `skipped ${n} linked ${n === 1 ? "folder" : "folders"} (${some(linkedFolders)}): links are not followed`,
      hint: "move or copy the folder into the articles folder",
    });
  }
  return { files, warnings };
}

/** Whether `full` leads to a folder, through a link too. */
function leadsToFolder(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/** What tells a file changed without reading it: size, mtime, ctime, inode. */
export type StatKey = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/**
 * The stat of a file as a StatKey; null when it cannot be had (the file is then read).
 * `follow`: of what a symlink leads to (a photo), not of the link (an article file).
 */
export function statSource(full: string, follow = false): StatKey | null {
  try {
    const s = follow ? statSync(full) : lstatSync(full);
    return [s.size, s.mtimeMs, s.ctimeMs, s.ino];
  } catch {
    return null;
  }
}

/**
 * Read one article file, or say why it cannot be read; for a folder listSources could not
 * read, say why. A file gone since it was listed is thrown as a UserError (exit 1): `watch`
 * drops it (it was deleted), a build stops with that one line, as the articles changed under it.
 */
export function readSource(
  full: string,
  cwd: string,
): { file: string; bytes: Uint8Array } | { file: string; problem: Problem } {
  const file = displayPath(full, cwd);
  try {
    return { file, bytes: readRegularFile(full) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new SourceGone(file, code);
    }
    const unlisted = code === "ISDIR" || isFolder(full) ? folderError(full) : null;
    return { file, problem: { file, ...(unlisted ?? describeReadError(error)) } };
  }
}

/** readSource, with the signature of the bytes: how a build knows a file it read before. */
export function readSigned(
  full: string,
  cwd: string,
): { file: string; bytes: Uint8Array; digest: string } | { file: string; problem: Problem } {
  const read = readSource(full, cwd);
  return "problem" in read ? read : { ...read, digest: signature(read.bytes) };
}

/** A source file gone since it was listed (`code`: ENOENT or ENOTDIR): a content error, one line. */
export class SourceGone extends UserError {
  constructor(
    file: string,
    readonly code: string,
  ) {
    const gone = { file, message: "removed while the site was being built", hint: "build again" };
    super(formatProblem(gone), EXIT.content);
    this.name = "SourceGone";
  }
}

/** Why the folder `full` cannot be listed, as a problem's message and hint; null if it can be. */
function folderError(full: string): { message: string; hint: string } | null {
  try {
    readdirSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? String(error));
    return {
      message: `cannot read the folder: ${why}`,
      hint: "check its permissions, or move it out of the articles folder",
    };
  }
  // A folder named as a file (inspect FOLDER), or one that can be listed again since.
  return null;
}

/** Whether `full` is a folder now (a link to one is not followed). */
export function isFolder(full: string): boolean {
  try {
    return lstatSync(full).isDirectory();
  } catch {
    return false;
  }
}

// O_NOFOLLOW: a file swapped for a symlink after listing is refused; O_NONBLOCK: a FIFO never hangs.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Read one file, refusing anything that is not a regular file or is too large. */
function readRegularFile(full: string): Uint8Array {
  const fd = openSync(full, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error("a folder"), { code: "ISDIR" });
    if (!st.isFile()) throw Object.assign(new Error("not a regular file"), { code: "NOTFILE" });
    if (st.size > MAX_SOURCE_BYTES)
      throw Object.assign(new Error("too large"), { code: "TOOBIG", size: st.size });
    const buffer = Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buffer, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function describeReadError(error: unknown): { message: string; hint?: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "TOOBIG") {
    // In bytes: "10.0 MB, over the 10 MB limit" is what one byte over looks like in megabytes.
    const bytes = (n: number) => n.toLocaleString("en-US");
    return {
      message: `file is ${bytes((error as { size: number }).size)} bytes, over the limit of ${bytes(MAX_SOURCE_BYTES)} bytes (10 MB)`,
      hint: "split it or remove it from the articles folder",
    };
  }
  if (code === "EACCES" || code === "EPERM")
    return { message: "cannot read the file: permission denied", hint: "check its permissions" };
  if (code === "NOTFILE" || code === "ELOOP" || code === "ISDIR")
    return { message: "not a regular file" };
  return { message: `cannot read the file: ${code ?? String(error)}` };
}

/** A path relative to the working folder when inside it, always with `/`. */
export function displayPath(full: string, cwd: string): string {
  // The usual case, a plain path under the working folder, without path.relative's resolving
  // of both paths: a build names every article file it reads (ten thousand of them).
  if (path.sep === "/" && full.startsWith(cwd) && full.charCodeAt(cwd.length) === 47) {
    const rel = full.slice(cwd.length + 1);
    if (path.isAbsolute(cwd) && isPlainRelative(rel)) return rel;
  }
  const rel = path.relative(cwd, full);
  const shown = rel.startsWith("..") || path.isAbsolute(rel) ? full : rel;
  return shown.split(path.sep).join("/");
}

/**
 * Whether `rel` is a path as path.relative gives it and path.join leaves it: no `.` or `..`
 * step, no empty one, not beginning with `..` (a name may; such a path takes the slow way).
 */
export function isPlainRelative(rel: string): boolean {
  return rel !== "" && !rel.startsWith("..") && !/(?:^|\/)\.\.?(?:\/|$)|\/\/|^\/|\/$/.test(rel);
}
