/**
 * A build that finds its site up to date (a newsroom's cron job, most of the time) loads
 * none of what making a site takes: not the parser, the site model, the search index, the
 * renderer nor marked (pipeline/making.ts, loaded by the builder only when something is to
 * be made). Run as a process with a module hook that names every module loaded.
 */
import { execFile } from "node:child_process";
import { utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  ensureBuilt,
  removeTempDirs,
  tempDir,
  untilSettled,
  writeFiles,
} from "../support/index.js";

afterAll(removeTempDirs);

let root: string;
let hooks: string;

beforeAll(async () => {
  await ensureBuilt();
  root = await tempDir("up-to-date-loads");
  const files: Record<string, string> = {};
  for (let i = 0; i < 5; i++)
    files[`articles/2026-11-0${i + 1}-a${i}.txt`] =
      `Новина ${i}\n\nДжерело: Редакція\nПерший абзац новини ${i}.\n`;
  await writeFiles(root, files);
  // A newsroom's files were saved before the build: one changed within two seconds of a build
  // is read again by the next, which is not what this test is about.
  await untilSettled(path.join(root, "articles"));
  // Node's module hooks: each module's URL on stderr as it is loaded.
  const hook = path.join(root, "hook.mjs");
  await writeFile(
    hook,
    "export async function load(url, context, next) {\n" +
      "  process.stderr.write('LOADED ' + url + '\\n');\n" +
      "  return next(url, context);\n}\n",
  );
  hooks = path.join(root, "register.mjs");
  await writeFile(
    hooks,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
  );
});

/** `vistka build` in `root` with the hook; the modules it loaded (URLs), and its exit code. */
function buildLoading(): Promise<{
  code: number;
  loaded: string[];
  stdout: string;
  stderr: string;
}> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", hooks, BIN, "build"],
      { cwd: root, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        const loaded = stderr
          .split("\n")
          .filter((l) => l.startsWith("LOADED "))
          .map((l) => l.slice(7));
        resolve({ code, loaded, stdout, stderr });
      },
    );
  });
}

describe("a build that finds its site up to date", () => {
  it("loads neither the making modules nor marked; a build with something to make does", async () => {
    const first = await buildLoading();
    expect(first.code, first.stderr).toBe(0);
    // The first build makes the site: it loads them (else this test could not fail).
    expect(first.loaded.some((u) => u.endsWith("/pipeline/making.js"))).toBe(true);
    expect(first.loaded.some((u) => u.includes("/marked/"))).toBe(true);
    const again = await buildLoading();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("already up to date");
    expect(heavyOf(again.loaded)).toEqual([]);
  });

  it("loads none of them either when a file was saved again with the same bytes", async () => {
    await buildLoading();
    // Touched (a cron job right after a checkout): its stat changed, its bytes did not.
    const full = path.join(root, "articles/2026-11-03-a2.txt");
    const now = new Date();
    await utimes(full, now, now);
    const touched = await buildLoading();
    expect(touched.code, touched.stderr).toBe(0);
    expect(touched.stdout).toContain("already up to date");
    expect(heavyOf(touched.loaded)).toEqual([]);
    // Other bytes: made anew, which takes them (else this test could not fail).
    await writeFile(full, "Новина 2\n\nДжерело: Редакція\nІнший абзац.\n");
    const edited = await buildLoading();
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).not.toContain("already up to date");
    expect(heavyOf(edited.loaded).length).toBeGreaterThan(0);
  });
});

/** The making modules and marked among the loaded URLs. */
function heavyOf(loaded: string[]): string[] {
  return loaded.filter(
    (u) =>
      u.endsWith("/pipeline/making.js") ||
      u.includes("/marked/") ||
      /\/core\/(render\/render|search\/search-index|site\/views|article\/parse)\.js$/.test(u),
  );
}
