import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { type RunResult, runCli } from "../cli/helpers.js";

/** helpers.runCli with extra environment variables (HOME, SOURCE_DATE_EPOCH …). */
export function runWithEnv(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return runCli(args, cwd, env);
}

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

/** mulberry32: a tiny, good-enough seeded PRNG; same seed, same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from the environment variable `name` when set (to replay a failure), else a fresh one. */
export function seedFrom(name: string): number {
  const given = process.env[name];
  if (given !== undefined && /^\d+$/.test(given)) return Number(given) >>> 0;
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** True when `child` is `parent` or below it (both `/`-separated relative paths). */
export function isUnder(parent: string, child: string): boolean {
  return child === parent || child.startsWith(`${parent}/`);
}
