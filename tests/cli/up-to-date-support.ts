/** What the up-to-date tests run: a build with its summary, and the site a clean build makes. */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import { type BuildSummary, snapshot, vistka } from "../support/index.js";

/** `vistka build --json` in `site`, with `args` and `env` added; it must succeed. */
export async function jsonBuild(
  site: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<BuildSummary> {
  const r = await vistka(["build", "--json", ...args], site, { env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as BuildSummary;
}

/**
 * The files a clean build of `site`'s inputs makes (a fresh output folder, no cache), without
 * the manifest (which records the build's own bookkeeping).
 */
export async function cleanSite(
  site: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Record<string, string>> {
  const out = path.join(site, "clean");
  await rm(out, { recursive: true, force: true });
  const r = await vistka(["build", "--quiet", "--no-cache", "--out", "clean", ...args], site, {
    env,
  });
  expect(r.code, r.stderr).toBe(0);
  const files = await snapshot(out);
  await rm(out, { recursive: true, force: true });
  delete files[".vistka-manifest.json"];
  return files;
}

/** The files of `site`'s dist/, without the manifest. */
export async function distSite(site: string): Promise<Record<string, string>> {
  const files = await snapshot(path.join(site, "dist"));
  delete files[".vistka-manifest.json"];
  return files;
}

/** Flip a byte of every stored record: a build that reads one is told the cache is damaged. */
export async function damageRecords(site: string): Promise<void> {
  const cacheDir = path.join(site, ".vistka-cache");
  const head = JSON.parse(await readFile(path.join(cacheDir, "head.json"), "utf8")) as {
    packs: string[];
    entries: Record<string, [number, number, number, number]>;
  };
  const records = Object.entries(head.entries).filter(([key]) => key.startsWith("sources/"));
  expect(records.length).toBeGreaterThan(0);
  for (const [, [pack, offset]] of records) {
    const file = path.join(cacheDir, head.packs[pack] as string);
    const bytes = await readFile(file);
    bytes[offset] = (bytes[offset] as number) ^ 0xff;
    await writeFile(file, bytes);
  }
}
