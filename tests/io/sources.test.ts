/**
 * An articles folder (or a folder in it) that cannot be read stops the build like a file
 * that cannot be read: exit 1, the folder named, nothing written; it is never published
 * as a site without its articles (issue 17, item 2). A file gone between listing and
 * reading is one line, exit 1, never an internal error.
 *
 * The failures are injected at the io boundary (node:fs as src/io sees it), so they
 * happen as root too, where chmod 000 locks nobody out; tests/robustness/files.test.ts
 * does it with real permissions as the user `nobody`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/app/main.js";
import { snapshot } from "../support/index.js";

/** Paths whose readdir, or open, fails with the given code. */
const injected = vi.hoisted(() => ({
  readdir: new Map<string, string>(),
  open: new Map<string, string>(),
}));

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const fail = (code: string, syscall: string, p: unknown) => {
    throw Object.assign(new Error(`${code}: injected, ${syscall} '${p}'`), {
      code,
      syscall,
      path: String(p),
    });
  };
  const readdirSync = ((p: string, ...rest: unknown[]) => {
    const code = injected.readdir.get(String(p));
    if (code) fail(code, "scandir", p);
    return (fs.readdirSync as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof fs.readdirSync;
  const openSync = ((p: string, ...rest: unknown[]) => {
    const code = injected.open.get(String(p));
    if (code) fail(code, "open", p);
    return (fs.openSync as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof fs.openSync;
  return { ...fs, readdirSync, openSync, default: { ...fs, readdirSync, openSync } };
});

const roots: string[] = [];
afterEach(() => {
  injected.readdir.clear();
  injected.open.clear();
});
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

const ARTICLE = (headline: string) => `${headline}\n\nДжерело: Редакція\n\nТекст статті.\n`;

/** A working folder with articles/a.txt and articles/sub/b.txt. */
function project(): string {
  const cwd = mkdtempSync(path.join(os.tmpdir(), "vistka-sources-"));
  roots.push(cwd);
  mkdirSync(path.join(cwd, "articles/sub"), { recursive: true });
  writeFileSync(path.join(cwd, "articles/a.txt"), ARTICLE("Перша новина"));
  writeFileSync(path.join(cwd, "articles/sub/b.txt"), ARTICLE("Друга новина"));
  return cwd;
}

async function build(cwd: string): Promise<{ code: number; stderr: string; stdout: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(["build", "--no-cache", "--in", "articles", "--out", "dist"], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

describe("a folder of articles that cannot be read", () => {
  it("a subfolder is an error naming it (exit 1), and nothing is written", async () => {
    const cwd = project();
    injected.readdir.set(path.join(cwd, "articles/sub"), "EACCES");
    const run = await build(cwd);
    expect(run.stderr).toMatch(
      /^error: articles\/sub: cannot read the folder: permission denied \(check its permissions/m,
    );
    expect(run.stderr).toContain("1 problem found; nothing was written to dist");
    expect(run.code).toBe(1);
    expect(existsSync(path.join(cwd, "dist"))).toBe(false);
  });

  it("the articles folder itself: an error, not an empty site over the last one", async () => {
    const cwd = project();
    expect((await build(cwd)).code).toBe(0);
    const before = await snapshot(path.join(cwd, "dist"), true);
    injected.readdir.set(path.join(cwd, "articles"), "EIO");
    const run = await build(cwd);
    expect(run.stderr).toMatch(/^error: articles: cannot read the folder: EIO/m);
    expect(run.code).toBe(1);
    expect(await snapshot(path.join(cwd, "dist"), true)).toEqual(before);
  });

  it("readable again, it builds with its articles", async () => {
    const cwd = project();
    injected.readdir.set(path.join(cwd, "articles/sub"), "EACCES");
    expect((await build(cwd)).code).toBe(1);
    injected.readdir.clear();
    const run = await build(cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Built 2 articles/);
  });
});

describe("a file gone between listing and reading", () => {
  it("is one line naming it, exit 1, not an internal error; nothing is written", async () => {
    const cwd = project();
    injected.open.set(path.join(cwd, "articles/sub/b.txt"), "ENOENT");
    const run = await build(cwd);
    expect(run.stderr).not.toContain("internal error");
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      "error: articles/sub/b.txt: removed while the site was being built (build again)",
    ]);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(cwd, "dist"))).toBe(false);
  });
});
