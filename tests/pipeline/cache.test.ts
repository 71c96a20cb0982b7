/**
 * The build cache's store (src/pipeline/cache.ts): values come back exactly as they
 * were set, or not at all. Whatever happens to the folder between two builds, a value
 * that does not read back as written is never handed out: the cache is then damaged
 * (said once) and removed at flush.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CacheStore, defaultCacheDir } from "../../src/pipeline/cache.js";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vistka-cache-test-"));
  roots.push(dir);
  return path.join(dir, "cache");
}

const VALUES: Record<string, string> = {
  "sources/0": JSON.stringify([["a.txt", "Київ — новини"]]),
  "sources/1": "[]",
  "search/x": "x".repeat(10_000),
};

/** A cache with VALUES written by one build. */
function written(dir: string, key = "k", input = "/in"): void {
  const { store } = CacheStore.open(dir, key, input, 1000);
  for (const [k, v] of Object.entries(VALUES)) store.set(k, v);
  store.flush();
}

function packs(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith(".bin"));
}

describe("the build cache store", () => {
  it("copies its live values into one pack when most bytes are dead, and they read back", () => {
    const dir = folder();
    written(dir);
    // A second build shrinking the largest value: most bytes of the packs are dead now.
    const second = CacheStore.open(dir, "k", "/in", 2000).store;
    second.set("search/x", "y".repeat(10));
    second.set("sources/1", "[1]");
    second.flush();
    expect(packs(dir)).toHaveLength(1);
    expect(packs(dir)[0]).toMatch(/-c\d+\.bin$/);
    const third = CacheStore.open(dir, "k", "/in", 3000).store;
    expect(third.get("sources/0")).toBe(VALUES["sources/0"]);
    expect(third.get("sources/1")).toBe("[1]");
    expect(third.get("search/x")).toBe("y".repeat(10));
    expect(third.isDamaged).toBe(false);
  });

  it("gives back what a build set, in the next build, with when that build started", () => {
    const dir = folder();
    written(dir);
    const opened = CacheStore.open(dir, "k", "/in", 2000);
    expect(opened.reused).toBe(true);
    expect(opened.warning).toBeNull();
    expect(opened.store.previousStart).toBe(1000);
    for (const [k, v] of Object.entries(VALUES)) expect(opened.store.get(k)).toBe(v);
    expect(opened.store.get("missing")).toBeUndefined();
    expect(opened.store.isDamaged).toBe(false);
  });

  it("a missing cache is empty and says nothing", () => {
    const opened = CacheStore.open(folder(), "k", "/in", 0);
    expect(opened).toMatchObject({ reused: false, warning: null });
    expect(opened.store.get("sources/0")).toBeUndefined();
  });

  it("another key (other settings, another vistka) is replaced silently; its packs go", () => {
    const dir = folder();
    written(dir);
    const old = packs(dir);
    const opened = CacheStore.open(dir, "other", "/in", 0);
    expect(opened).toMatchObject({ reused: false, warning: null });
    expect(opened.store.get("sources/0")).toBeUndefined();
    opened.store.set("a", "b");
    opened.store.flush();
    expect(packs(dir).some((p) => old.includes(p))).toBe(false);
    expect(CacheStore.open(dir, "other", "/in", 0).store.get("a")).toBe("b");
  });

  it("stores of one process writing in the same millisecond never take a pack's name twice", () => {
    // The replaced cache's pack and the new one were once the same name (same pid, same
    // millisecond, same pack number): the new pack took the old one's place.
    const clock = vi.spyOn(Date, "now").mockReturnValue(1_700_000_000_000);
    try {
      const dir = folder();
      written(dir);
      const old = packs(dir);
      const opened = CacheStore.open(dir, "other", "/in", 0);
      opened.store.set("a", "b");
      opened.store.flush();
      expect(packs(dir).some((p) => old.includes(p))).toBe(false);
      expect(CacheStore.open(dir, "other", "/in", 0).store.get("a")).toBe("b");
    } finally {
      clock.mockRestore();
    }
  });

  it("another site's cache is ignored with a warning naming why", () => {
    const dir = folder();
    written(dir, "k", "/elsewhere/articles");
    const opened = CacheStore.open(dir, "k", "/in", 0);
    expect(opened.reused).toBe(false);
    expect(opened.warning).toMatch(/another articles folder/);
    expect(opened.store.get("sources/0")).toBeUndefined();
  });

  it("a head that does not parse is ignored with a warning", () => {
    const dir = folder();
    written(dir);
    const head = path.join(dir, "head.json");
    writeFileSync(head, readFileSync(head, "utf8").slice(0, 40));
    const opened = CacheStore.open(dir, "k", "/in", 0);
    expect(opened.reused).toBe(false);
    expect(opened.warning).toMatch(/does not read back/);
  });

  const damages: [string, (dir: string) => void][] = [
    [
      "a flipped byte",
      (dir) => {
        const pack = path.join(dir, packs(dir)[0] as string);
        const bytes = readFileSync(pack);
        bytes[5] = (bytes[5] as number) ^ 0x20;
        writeFileSync(pack, bytes);
      },
    ],
    ["a truncated pack", (dir) => truncateSync(path.join(dir, packs(dir)[0] as string), 30)],
    ["a deleted pack", (dir) => rmSync(path.join(dir, packs(dir)[0] as string))],
  ];
  it.each(damages)("%s: the value is not handed out, the damage is said once", (_, damage) => {
    const dir = folder();
    written(dir);
    damage(dir);
    const opened = CacheStore.open(dir, "k", "/in", 0);
    const said: string[] = [];
    opened.store.onDamage = (reason) => said.push(reason);
    const got = Object.keys(VALUES).map((k) => opened.store.get(k));
    // What is handed out is exactly what was written; the first bad read stops all reads.
    for (const [i, k] of Object.keys(VALUES).entries()) {
      if (got[i] !== undefined) expect(got[i]).toBe(VALUES[k]);
    }
    expect(got).toContain(undefined);
    expect(said).toHaveLength(1);
    expect(opened.store.isDamaged).toBe(true);
    // A damaged cache is removed at flush: the next build starts from the inputs.
    opened.store.flush();
    expect(existsSync(dir)).toBe(false);
  });

  it("builds append packs; when most bytes are dead the values are written into one", () => {
    const dir = folder();
    written(dir);
    for (let round = 0; round < 5; round++) {
      const { store } = CacheStore.open(dir, "k", "/in", 0);
      store.set("search/x", `${round}`.repeat(10_000));
      store.delete("sources/1");
      store.flush();
    }
    expect(packs(dir).length).toBeLessThanOrEqual(2);
    const { store } = CacheStore.open(dir, "k", "/in", 0);
    expect(store.get("search/x")).toBe("4".repeat(10_000));
    expect(store.get("sources/0")).toBe(VALUES["sources/0"]);
    expect(store.get("sources/1")).toBeUndefined();
  });

  it("lives in node_modules/.cache/vistka when the project has node_modules, else .vistka-cache", () => {
    const project = path.dirname(folder());
    expect(defaultCacheDir(project)).toBe(path.join(project, ".vistka-cache"));
    const repo = path.resolve(import.meta.dirname, "../..");
    expect(defaultCacheDir(repo)).toBe(path.join(repo, "node_modules", ".cache", "vistka"));
  });
});
