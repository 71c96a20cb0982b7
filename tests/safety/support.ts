import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";

export interface Entry {
  kind: "file" | "dir" | "link" | "other";
  /** SHA-256 of a file's bytes, a link's target, "" for folders. */
  content: string;
  ino: number;
  mtimeMs: number;
}

/**
 * Every entry under `root` (root itself excluded), by `/`-separated relative
 * path. Symlinks are recorded, never followed. A missing root gives null.
 */
export async function walkTree(root: string): Promise<Map<string, Entry> | null> {
  try {
    await lstat(root);
  } catch {
    return null;
  }
  const out = new Map<string, Entry>();
  const visit = async (rel: string): Promise<void> => {
    const names = await readdir(path.join(root, rel));
    for (const name of names) {
      const childRel = rel ? `${rel}/${name}` : name;
      const full = path.join(root, childRel);
      const st = await lstat(full);
      if (st.isSymbolicLink()) {
        out.set(childRel, {
          kind: "link",
          content: await readlink(full),
          ino: st.ino,
          mtimeMs: st.mtimeMs,
        });
      } else if (st.isDirectory()) {
        out.set(childRel, { kind: "dir", content: "", ino: st.ino, mtimeMs: st.mtimeMs });
        await visit(childRel);
      } else if (st.isFile()) {
        const hash = createHash("sha256")
          .update(await readFile(full))
          .digest("hex");
        out.set(childRel, { kind: "file", content: hash, ino: st.ino, mtimeMs: st.mtimeMs });
      } else {
        out.set(childRel, { kind: "other", content: "", ino: st.ino, mtimeMs: st.mtimeMs });
      }
    }
  };
  await visit("");
  return out;
}

/** Content-only picture (kind + hash), comparable with toEqual. */
export function contentOf(tree: Map<string, Entry> | null): Record<string, string> | null {
  if (tree === null) return null;
  const out: Record<string, string> = {};
  for (const [rel, e] of [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    out[rel] = `${e.kind}:${e.content}`;
  return out;
}

/** Paths added or changed (content, kind, inode or mtime) between two walks of the same root. */
export function changedPaths(before: Map<string, Entry>, after: Map<string, Entry>): string[] {
  const out: string[] = [];
  for (const [rel, e] of after) {
    const b = before.get(rel);
    if (
      !b ||
      b.kind !== e.kind ||
      b.content !== e.content ||
      b.ino !== e.ino ||
      (e.kind !== "dir" && b.mtimeMs !== e.mtimeMs)
    )
      out.push(rel);
  }
  return out.sort();
}

/** Paths present before and gone after. */
export function removedPaths(before: Map<string, Entry>, after: Map<string, Entry>): string[] {
  return [...before.keys()].filter((rel) => !after.has(rel)).sort();
}

/** True when `child` is `parent` or below it (both `/`-separated relative paths). */
export function isUnder(parent: string, child: string): boolean {
  return child === parent || child.startsWith(`${parent}/`);
}
