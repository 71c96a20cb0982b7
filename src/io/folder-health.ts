/**
 * Whether a watched folder is there and readable. `watch` asks before every rebuild:
 * a folder that was removed, moved away or made unreadable must not be taken for a
 * folder without articles (that would publish an empty site).
 */
import { accessSync, constants, statSync } from "node:fs";
import type { Problem } from "../core/shared/errors.js";
import { displayPath } from "./sources.js";

/**
 * `ok <inode>` for a folder that can be listed and read (a folder put back in its
 * place is another inode), else what stands in the way: `ENOENT`, `EACCES`,
 * `ENOTDIR`… Cheap enough to ask several times a second.
 */
export function folderState(dir: string): string {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return "ENOTDIR";
    accessSync(dir, constants.R_OK | constants.X_OK);
    return `ok ${st.ino}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? "EIO";
  }
}

/** Why the articles folder cannot be built from now, or null when it can. */
export function articlesFolderProblem(dir: string, cwd: string): Problem | null {
  const state = folderState(dir);
  if (state.startsWith("ok ")) return null;
  const file = displayPath(dir, cwd);
  const hint = "put it back: vistka watch goes on from there; the last good site stays published";
  if (state === "ENOENT") return { file, message: "the articles folder is gone", hint };
  if (state === "ENOTDIR") return { file, message: "the articles folder is not a folder", hint };
  const why = state === "EACCES" || state === "EPERM" ? "permission denied" : state;
  return {
    file,
    message: `the articles folder cannot be read: ${why}`,
    hint: "give read access back: vistka watch goes on from there; the last good site stays published",
  };
}
