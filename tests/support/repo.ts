/**
 * Where things are: the repository, the built CLI, the sample articles, and the shared
 * corpus of real news (../shared/corpus beside the repository; test material only, never
 * copied into the project). Tests that need the corpus skip, saying so in one line, when it
 * is not there (a clone on its own).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rmdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests/support/ is two levels below it). */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = path.join(REPO, "bin", "vistka.js");
export const LIB_MAIN = path.join(REPO, "lib", "app", "main.js");
export const SAMPLE_ARTICLES = path.join(REPO, "articles");

/** The corpus of real news texts converted to vistka's format (see its README). */
export const CORPUS = path.join(REPO, "..", "shared", "corpus");
/** Its Ukrainian part. */
export const CORPUS_UK = path.join(CORPUS, "uk");
export const HAS_CORPUS = existsSync(CORPUS_UK);

/**
 * Build lib/ once if it is missing (npm test builds it before vitest; a bare `npx vitest`
 * may not have): only tests that start `node bin/vistka.js` as a process need it. Test files
 * run in parallel workers, so a lock folder lets one of them run tsc while the others wait.
 */
export async function ensureBuilt(): Promise<void> {
  const key = createHash("sha1").update(REPO).digest("hex").slice(0, 12);
  const lock = path.join(os.tmpdir(), `vistka-e2e-build-lock-${key}`);
  // lib/app/main.js alone is not enough while another worker's tsc is still writing lib/.
  if (existsSync(LIB_MAIN) && !existsSync(lock)) return;
  const deadline = Date.now() + 110_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (existsSync(LIB_MAIN) && !existsSync(lock)) return;
      // A lock left behind by a run that was killed mid-build.
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 120_000) await rmdir(lock).catch(() => {});
      if (Date.now() > deadline) throw new Error("timed out waiting for another tsc build");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (existsSync(LIB_MAIN)) return;
    const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [tsc, "-p", "tsconfig.build.json"],
        { cwd: REPO, timeout: 100_000 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`tsc build failed:\n${stdout}${stderr}`));
          else resolve();
        },
      );
    });
  } finally {
    await rmdir(lock).catch(() => {});
  }
}
