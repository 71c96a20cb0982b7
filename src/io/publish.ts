/**
 * Write the rendered site into the output folder. vistka keeps a manifest of
 * what it wrote there; it rewrites only files whose bytes changed, and deletes
 * only files that an earlier build wrote and this one no longer produces.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.js";
import type { OutputFile } from "../core/render.js";
import { assertSafeRelative } from "./guard.js";

/** Marks a folder as vistka's and lists what it wrote there, with a hash of each file. */
export const MANIFEST = ".vistka-manifest.json";

interface Manifest {
  generator: "vistka";
  files: Record<string, string>;
}

export interface PublishStats {
  written: number;
  unchanged: number;
  removed: number;
}

export interface PublishOptions {
  /** Write into a non-empty folder that vistka did not create. */
  force?: boolean;
}

/** Publish `files` into `outDir`. */
export async function publish(
  outDir: string,
  files: OutputFile[],
  options: PublishOptions = {},
): Promise<PublishStats> {
  const old = await readManifest(outDir, options.force === true);
  const next: Record<string, string> = {};
  const made = new Set<string>();
  let written = 0;
  let unchanged = 0;
  for (const f of files) {
    assertSafeRelative(f.path);
    const hash = createHash("sha1").update(f.content).digest("base64url");
    next[f.path] = hash;
    const full = path.join(outDir, f.path);
    if (old.files[f.path] === hash && (await exists(full))) {
      unchanged++;
      continue;
    }
    const dir = path.dirname(full);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(full, f.content);
    written++;
  }
  let removed = 0;
  const emptied = new Set<string>();
  for (const rel of Object.keys(old.files)) {
    if (rel in next) continue;
    assertSafeRelative(rel);
    await rm(path.join(outDir, rel), { force: true });
    emptied.add(path.dirname(rel));
    removed++;
  }
  await removeEmptyDirs(outDir, emptied);
  const manifest: Manifest = { generator: "vistka", files: next };
  await writeFile(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 0)}\n`);
  return { written, unchanged, removed };
}

async function readManifest(outDir: string, force: boolean): Promise<Manifest> {
  const empty: Manifest = { generator: "vistka", files: {} };
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch {
    return empty;
  }
  if (entries.includes(MANIFEST)) {
    try {
      const m = JSON.parse(await readFile(path.join(outDir, MANIFEST), "utf8")) as Manifest;
      if (m && m.generator === "vistka" && typeof m.files === "object") return m;
    } catch {
      // A damaged manifest: treat every file as changed; nothing is deleted on its word.
    }
    return empty;
  }
  if (entries.length > 0 && !force) {
    throw new UserError(
      `${outDir} is not empty and was not made by vistka (no ${MANIFEST}); choose another --out or pass --force`,
      2,
    );
  }
  return empty;
}

/** Remove folders left empty by deletions, walking up but never above the output folder. */
async function removeEmptyDirs(outDir: string, dirs: Set<string>): Promise<void> {
  const sorted = [...dirs].sort((a, b) => b.length - a.length);
  for (let rel of sorted) {
    while (rel !== "." && rel !== "") {
      try {
        await rmdir(path.join(outDir, rel));
      } catch {
        break;
      }
      rel = path.dirname(rel);
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
