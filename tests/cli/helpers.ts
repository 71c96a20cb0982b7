/**
 * Shared plumbing for the end-to-end tests: run the built CLI as a child
 * process, make throw-away folders, snapshot folder trees, parse HTML.
 *
 * HTML is parsed with html-validate's own parser (a devDependency already),
 * which gives a real element tree with querySelector and textContent, so the
 * tests check structure instead of grepping markup.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Config, type HtmlElement, Parser } from "html-validate";

/** The repository root (tests/cli/ is two levels below it). */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = path.join(REPO, "bin", "vistka.js");
export const LIB_MAIN = path.join(REPO, "lib", "app", "main.js");
export const SAMPLE_ARTICLES = path.join(REPO, "articles");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `node bin/vistka.js ...args` in `cwd`, with extra environment variables if
 * given; never rejects on a non-zero exit.
 */
export function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        encoding: "utf8",
        timeout: 30_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          // Spawn failure or timeout: not an exit code the CLI chose.
          reject(new Error(`vistka ${args.join(" ")} did not run: ${error.message}\n${stderr}`));
          return;
        }
        const code = error ? (error.code as number) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Run `vistka ...args` in this process through `main(argv, io)` (src/, no build of lib/
 * needed, no process to start): for commands that end by themselves.
 */
export async function runMain(args: string[], cwd: string): Promise<RunResult> {
  const { main } = await import("../../src/app/main.js");
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code, stdout, stderr };
}

/**
 * Build lib/ once if it is missing (npm test builds it before vitest; a bare
 * `npx vitest` may not have). Test files run in parallel workers, so a lock
 * folder makes sure only one of them runs tsc while the others wait.
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

const made: string[] = [];

/** A fresh empty folder under the system temp folder; removed by removeTempDirs(). */
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `vistka-e2e-${label}-`));
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
      let bytes: Uint8Array | string = await readFile(full);
      if (rel === ".vistka-manifest.json") bytes = withoutRecord(bytes.toString());
      const hash = createHash("sha256").update(bytes).digest("hex");
      out[rel] = withMtime ? `${hash} @${(await stat(full)).mtimeMs}` : hash;
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

let parser: Parser | undefined;

/** Parse an HTML document into html-validate's DOM (querySelector, textContent, attributes). */
export async function parseHtml(html: string, filename = "page.html"): Promise<HtmlElement> {
  if (!parser) parser = new Parser(await Config.defaultConfig().resolve());
  return parser.parseHtml({ data: html, filename, line: 1, column: 1, offset: 0 });
}

/** Read and parse an HTML file. */
export async function loadHtml(file: string): Promise<HtmlElement> {
  return parseHtml(await readFile(file, "utf8"), file);
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Decode character references (html-validate's DOM keeps text and attributes as written). */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const n =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** An element's text as a reader sees it: references decoded, white space collapsed. */
export function text(el: HtmlElement | null | undefined): string {
  return decodeEntities(el?.textContent ?? "")
    .replace(/\s+/g, " ")
    .trim();
}

/** One required element, or a test failure naming the selector. */
export function one(root: HtmlElement, selector: string): HtmlElement {
  const found = root.querySelectorAll(selector);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${selector}, found ${found.length}`);
  }
  return found[0] as HtmlElement;
}

/** The value of an attribute as a string, references decoded (null when absent or dynamic). */
export function attr(el: HtmlElement, name: string): string | null {
  const v = el.getAttributeValue(name);
  return typeof v === "string" ? decodeEntities(v) : null;
}

/** The URL-bearing attributes of every element: [element, attribute name, value]. */
export function urlAttributes(root: HtmlElement): [HtmlElement, string, string][] {
  const out: [HtmlElement, string, string][] = [];
  for (const name of ["href", "src", "srcset", "poster", "action", "data"]) {
    for (const el of root.querySelectorAll(`[${name}]`)) {
      const v = attr(el, name);
      if (v !== null) out.push([el, name, v]);
    }
  }
  return out;
}
