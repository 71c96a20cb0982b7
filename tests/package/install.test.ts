/**
 * vistka as a newsroom uses it: `npm install vistka` in their own folder, then
 * `npx vistka build` over their articles/. The packed tarball must carry the
 * compiled code, the built-in templates and the assets, and nothing else is present.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");
let work: string;
let tarball: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "vistka-pack-"));
  // --ignore-scripts: npm test has just built lib/; rebuilding it here would race other tests.
  const { stdout } = await run(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", work],
    {
      cwd: repo,
    },
  );
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, (info as { filename: string }).filename);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the published package", () => {
  it("ships the code, templates and assets, and no tests, sources or corpus", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball]);
    const files = stdout.trim().split("\n");
    expect(files).toContain("package/bin/vistka.js");
    expect(files).toContain("package/lib/app/main.js");
    expect(files).toContain("package/templates/layout.hbs");
    expect(files).toContain("package/templates/assets/style.css");
    expect(files.some((f) => f.startsWith("package/tests/") || f.startsWith("package/src/"))).toBe(
      false,
    );
    expect(files.some((f) => f.includes("corpus") || f.startsWith("package/articles/"))).toBe(
      false,
    );
  });

  it("installs into an empty newsroom folder and builds its articles with npx vistka build", async () => {
    const newsroom = path.join(work, "newsroom");
    await mkdir(path.join(newsroom, "articles"), { recursive: true });
    await writeFile(
      path.join(newsroom, "package.json"),
      '{ "name": "newsroom", "private": true }\n',
    );
    await writeFile(
      path.join(newsroom, "articles", "2026-11-20-park.txt"),
      "У парку висадили сто нових дерев\n\nДжерело: Міська рада\n\nДерева висадили волонтери.\n",
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
      cwd: newsroom,
      timeout: 240_000,
    });
    const { stdout } = await run(path.join(newsroom, "node_modules", ".bin", "vistka"), ["build"], {
      cwd: newsroom,
    });
    expect(stdout).toMatch(/^Built 1 article, /);
    const page = await readFile(path.join(newsroom, "dist", "park", "index.html"), "utf8");
    expect(page).toContain("<h1>У парку висадили сто нових дерев</h1>");
    expect(existsSync(path.join(newsroom, "dist", "assets", "style.css"))).toBe(true);
    expect(await readdir(path.join(newsroom, "dist"))).toContain("index.html");
  }, 300_000);
});
