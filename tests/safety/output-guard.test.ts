/**
 * "The output folder is the only place written" (issue 4): an --out whose
 * clearing would destroy something — the root, the home folder, the working
 * folder, the articles or templates folder or any of their ancestors — is a
 * usage error (exit 2, one line) and nothing on disk changes; a folder that
 * vistka did not make is not taken over without --force.
 *
 * Every case runs the built CLI in a fresh world under the system temp folder
 * and compares a full picture of that world (content, inodes, mtimes) before
 * and after.
 */
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pseudoFileSystem } from "../../src/io/guard.js";
import {
  ensureBuilt,
  REPO,
  removeTempDirs,
  tempDir,
  vistkaProcess,
  writeFiles,
} from "../support/index.js";
import { changedPaths, removedPaths, walkTree } from "./support.js";

const ARTICLE = [
  "Міська рада затвердила план ремонту мостів",
  "",
  "Джерело: Міська рада",
  "Теги: місто, транспорт",
  "",
  "Депутати погодили перелік із шести мостів, які відремонтують до кінця року.",
  "",
  "- Найстаршому мосту понад сімдесят років.",
  "",
].join("\n");

const SECOND = [
  "Library opens on Sundays",
  "",
  "Source: City library",
  "Tags: books",
  "",
  "From next month the central library keeps its doors open on Sundays.",
  "",
].join("\n");

/**
 * A world to run in:
 *   root/home/                 HOME of the child, with a dot-file in it
 *   root/work/                 the working folder
 *   root/work/articles/        --in articles
 *   root/work/content/news/    a deeper articles folder (for the ancestor case)
 *   root/work/theme/           a templates folder (copy of the built-in theme)
 *   root/work/design/theme/    a deeper templates folder
 */
async function makeWorld(): Promise<{ root: string; home: string; work: string }> {
  const root = await tempDir("guard");
  const home = path.join(root, "home");
  const work = path.join(root, "work");
  await writeFiles(home, { ".profile": "export EDITOR=vi\n", "notes/todo.txt": "buy milk\n" });
  await writeFiles(work, {
    "articles/2024-03-01-mosty.txt": ARTICLE,
    "articles/2024-03-02-library.txt": SECOND,
    "content/news/2024-03-01-mosty.txt": ARTICLE,
  });
  await cp(path.join(REPO, "templates"), path.join(work, "theme"), { recursive: true });
  await cp(path.join(REPO, "templates"), path.join(work, "design", "theme"), { recursive: true });
  return { root, home, work };
}

/** The one-line usage error a refused --out must give. */
function expectUsageError(
  r: { code: number; stdout: string; stderr: string },
  problem: RegExp,
): void {
  const shown = `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  expect(r.code, shown).toBe(2);
  expect(r.stdout, shown).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, shown).toHaveLength(1);
  expect(lines[0], shown).toMatch(/^error: /);
  expect(lines[0], shown).toMatch(problem);
}

/** Run `args` in `cwd` and assert that nothing under `root` changed at all. */
async function expectRefusedUntouched(
  root: string,
  cwd: string,
  args: string[],
  problem: RegExp,
  env: Record<string, string> = {},
): Promise<void> {
  const before = await walkTree(root);
  const r = await vistkaProcess(["build", ...args], cwd, { env: env });
  const after = await walkTree(root);
  expectUsageError(r, problem);
  if (!before || !after) throw new Error(`world ${root} vanished`);
  expect(changedPaths(before, after), "paths created or changed").toEqual([]);
  expect(removedPaths(before, after), "paths removed").toEqual([]);
}

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

describe("--out that would destroy something is a usage error, nothing touched", () => {
  it("--out / (the file-system root)", async () => {
    const { root, home, work } = await makeWorld();
    const topBefore = (await readdir("/")).sort();
    await expectRefusedUntouched(root, work, ["--in", "articles", "--out", "/"], /root/i, {
      HOME: home,
    });
    // Nothing appeared at the top of the file system: no site, no manifest, no staging folder.
    expect((await readdir("/")).sort()).toEqual(topBefore);
  });

  it("--out / spelled another way (/tmp/.. and a symlink to /)", async () => {
    const { root, home, work } = await makeWorld();
    await symlink("/", path.join(work, "slash"));
    const topBefore = (await readdir("/")).sort();
    await expectRefusedUntouched(root, work, ["--in", "articles", "--out", "/tmp/.."], /root/i, {
      HOME: home,
    });
    await expectRefusedUntouched(root, work, ["--in", "articles", "--out", "slash"], /root/i, {
      HOME: home,
    });
    expect((await readdir("/")).sort()).toEqual(topBefore);
  });

  it("--out the home folder (HOME of the child process)", async () => {
    const { root, home, work } = await makeWorld();
    await expectRefusedUntouched(root, work, ["--in", "articles", "--out", home], /home folder/i, {
      HOME: home,
    });
    // With a trailing slash and through a symlink it is the same folder.
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "articles", "--out", `${home}/`],
      /home folder/i,
      { HOME: home },
    );
    await symlink(home, path.join(root, "home-link"));
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "articles", "--out", path.join(root, "home-link")],
      /home folder/i,
      { HOME: home },
    );
  });

  it.each([
    [".", /working folder/i],
    ["./", /working folder/i],
    ["articles/..", /working folder/i],
    ["..", /working folder or one of its parents/i],
    ["../..", /working folder or one of its parents|root/i],
  ])("--out %s (the working folder or a parent)", async (out, problem) => {
    const { root, home, work } = await makeWorld();
    await expectRefusedUntouched(root, work, ["--in", "articles", "--out", out], problem, {
      HOME: home,
    });
  });

  it.each([
    ["articles", "articles", /articles folder/i],
    ["articles/", "articles", /articles folder/i],
    ["content/news", "content/news", /articles folder/i],
    ["content", "content/news", /articles folder/i],
    ["articles/dist", "articles", /articles folder/i],
    ["content/news/site/public", "content/news", /articles folder/i],
  ])(
    "--out %s with --in %s (the articles folder, an ancestor or a folder inside)",
    async (out, inDir, problem) => {
      const { root, home, work } = await makeWorld();
      await expectRefusedUntouched(root, work, ["--in", inDir, "--out", out], problem, {
        HOME: home,
      });
    },
  );

  it.each([
    ["theme", "theme"],
    ["design/theme", "design/theme"],
    ["design", "design/theme"],
    ["theme/partials", "theme"],
    ["design/theme/out", "design/theme"],
  ])(
    "--out %s with --templates %s (the templates folder, an ancestor or a folder inside)",
    async (out, templates) => {
      const { root, home, work } = await makeWorld();
      await expectRefusedUntouched(
        root,
        work,
        ["--in", "articles", "--templates", templates, "--out", out],
        /templates folder/i,
        { HOME: home },
      );
    },
  );

  it("--out from vistka.config.json is checked the same way", async () => {
    const { root, home, work } = await makeWorld();
    await writeFile(
      path.join(work, "vistka.config.json"),
      JSON.stringify({ in: "articles", out: "." }),
    );
    await expectRefusedUntouched(root, work, [], /working folder/i, { HOME: home });
    await writeFile(
      path.join(work, "vistka.config.json"),
      JSON.stringify({ in: "articles", out: "articles" }),
    );
    await expectRefusedUntouched(root, work, [], /articles folder/i, { HOME: home });
  });
});

describe("symlinks do not get around the guard", () => {
  it("--out a symlink to the articles folder is refused", async () => {
    const { root, home, work } = await makeWorld();
    await symlink(path.join(work, "articles"), path.join(work, "public"));
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "articles", "--out", "public"],
      /articles folder/i,
      { HOME: home },
    );
  });

  it("--out a relative symlink to an ancestor of the articles folder is refused", async () => {
    const { root, home, work } = await makeWorld();
    await symlink("content", path.join(work, "public"));
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "content/news", "--out", "public"],
      /articles folder/i,
      { HOME: home },
    );
  });

  it("--out a folder under a symlink that leads into the articles folder is refused", async () => {
    const { root, home, work } = await makeWorld();
    await symlink(path.join(work, "articles"), path.join(work, "public"));
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "articles", "--out", "public/site"],
      /articles folder/i,
      { HOME: home },
    );
  });

  it("--in given through a symlink still protects the real articles folder", async () => {
    const { root, home, work } = await makeWorld();
    await symlink(path.join(work, "content"), path.join(root, "content-link"));
    await expectRefusedUntouched(
      root,
      work,
      ["--in", path.join(root, "content-link", "news"), "--out", "content"],
      /articles folder/i,
      { HOME: home },
    );
  });

  it("--out a symlink to the working folder is refused", async () => {
    const { root, home, work } = await makeWorld();
    await symlink(work, path.join(root, "work-link"));
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "articles", "--out", path.join(root, "work-link")],
      /working folder/i,
      { HOME: home },
    );
  });
});

describe("safe --out values are accepted (the guard is not just refusing everything)", () => {
  it.each([
    ["dist"],
    ["articles-site"], // shares a name prefix with the articles folder, not inside it
    ["themes"], // shares a prefix with theme
    ["../work-site"], // shares a prefix with the working folder
    ["../home/site"], // inside the home folder, not the home folder itself
  ])("--out %s builds", async (out) => {
    const { home, work } = await makeWorld();
    const r = await vistkaProcess(
      ["build", "--in", "articles", "--templates", "theme", "--out", out],
      work,
      { env: { HOME: home } },
    );
    expect(r.code, r.stderr).toBe(0);
    const outDir = path.resolve(work, out);
    expect((await stat(path.join(outDir, "index.html"))).isFile()).toBe(true);
    expect((await stat(path.join(outDir, ".vistka-manifest.json"))).isFile()).toBe(true);
    // The articles and templates are still there, as they were.
    expect(await readFile(path.join(work, "articles", "2024-03-01-mosty.txt"), "utf8")).toBe(
      ARTICLE,
    );
  });
});

describe("a folder vistka did not make is not taken over without --force", () => {
  async function worldWithPublic(): Promise<{ root: string; home: string; work: string }> {
    const w = await makeWorld();
    await writeFiles(path.join(w.work, "public"), {
      "keep.html": "<p>the web team's landing page</p>\n",
      "media/logo.svg": "<svg/>\n",
      ".htaccess": "Options -Indexes\n",
    });
    return w;
  }

  it("a non-empty folder without the marker is refused (exit 2, untouched)", async () => {
    const { root, home, work } = await worldWithPublic();
    await expectRefusedUntouched(root, work, ["--in", "articles", "--out", "public"], /--force/, {
      HOME: home,
    });
  });

  it("a folder holding only a dot-file is not empty either", async () => {
    const { root, home, work } = await makeWorld();
    await writeFiles(path.join(work, "public"), { ".git/HEAD": "ref: refs/heads/main\n" });
    await expectRefusedUntouched(root, work, ["--in", "articles", "--out", "public"], /--force/, {
      HOME: home,
    });
  });

  it("with --force it builds there and keeps the folder's other files, also on later builds", async () => {
    const { work } = await worldWithPublic();
    const own = {
      "keep.html": "<p>the web team's landing page</p>\n",
      "media/logo.svg": "<svg/>\n",
      ".htaccess": "Options -Indexes\n",
    };
    const r = await vistkaProcess(
      ["build", "--in", "articles", "--out", "public", "--force"],
      work,
    );
    expect(r.code, r.stderr).toBe(0);
    const pub = path.join(work, "public");
    for (const [rel, content] of Object.entries(own))
      expect(await readFile(path.join(pub, rel), "utf8"), rel).toBe(content);
    expect((await stat(path.join(pub, "index.html"))).isFile()).toBe(true);
    expect((await stat(path.join(pub, ".vistka-manifest.json"))).isFile()).toBe(true);

    // Now the folder is vistka's: an ordinary build (no --force) after an edit keeps them too.
    await writeFile(
      path.join(work, "articles", "2024-03-02-library.txt"),
      SECOND.replace("Sundays.", "Sundays and holidays."),
    );
    const again = await vistkaProcess(["build", "--in", "articles", "--out", "public"], work);
    expect(again.code, again.stderr).toBe(0);
    for (const [rel, content] of Object.entries(own))
      expect(await readFile(path.join(pub, rel), "utf8"), rel).toBe(content);
  });

  it("an empty folder without the marker is fine without --force", async () => {
    const { work } = await makeWorld();
    await mkdir(path.join(work, "public"));
    const r = await vistkaProcess(["build", "--in", "articles", "--out", "public"], work);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(path.join(work, "public", "index.html"))).isFile()).toBe(true);
  });

  it("--out naming an existing regular file is refused and the file kept", async () => {
    const { root, home, work } = await makeWorld();
    await writeFile(path.join(work, "notes.txt"), "the only copy of the editor's notes\n");
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "articles", "--out", "notes.txt"],
      /notes\.txt/,
      { HOME: home },
    );
  });
});

describe("a forged manifest cannot make vistka delete outside --out", () => {
  it("entries such as ../outside.txt or /abs/path in .vistka-manifest.json delete nothing", async () => {
    const { root, work } = await makeWorld();
    const first = await vistkaProcess(["build", "--in", "articles", "--out", "dist"], work);
    expect(first.code, first.stderr).toBe(0);
    await writeFiles(root, { "outside.txt": "precious\n" });
    await writeFiles(work, { "sibling/file.txt": "also precious\n" });
    const manifestPath = path.join(work, "dist", ".vistka-manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
      files: Record<string, string>;
    };
    manifest.files["../../outside.txt"] = "x";
    manifest.files["../sibling/file.txt"] = "x";
    manifest.files[path.join(root, "outside.txt")] = "x";
    manifest.files["a/../../sibling"] = "x";
    await writeFile(manifestPath, JSON.stringify(manifest));
    const before = await walkTree(root);
    await vistkaProcess(["build", "--in", "articles", "--out", "dist"], work);
    const after = await walkTree(root);
    if (!before || !after) throw new Error("world vanished");
    // The build cache (beside the config) is vistka's own; nothing else outside dist/ may change.
    const outside = (rels: string[]) =>
      rels.filter((rel) => !rel.startsWith("work/dist") && !rel.startsWith("work/.vistka-cache"));
    expect(outside(removedPaths(before, after))).toEqual([]);
    expect(outside(changedPaths(before, after))).toEqual([]);
    expect(await readFile(path.join(root, "outside.txt"), "utf8")).toBe("precious\n");
  });
});

describe("--out on a file system of the system's own (/proc, /sys, /dev) is refused", () => {
  it("--out /proc/x/y ends at once with a usage error (Node's recursive mkdir loops there forever)", async () => {
    const { root, work } = await makeWorld();
    // runCli fails the test if the child has not ended within its 30 s.
    await expectRefusedUntouched(
      root,
      work,
      ["--in", "articles", "--out", "/proc/vistka-test/site"],
      /--out \/proc\/vistka-test\/site is on \/proc, .*choose another --out/,
    );
    expect(existsSync("/proc/vistka-test")).toBe(false);
  });

  it("/proc/self/… (a link into /proc), /sys and /dev are refused alike", async () => {
    const { root, work } = await makeWorld();
    for (const [out, where] of [
      ["/proc/self/site", "/proc"],
      ["/sys/vistka-test", "/sys"],
      ["/dev/vistka-test", "/dev"],
    ] as const) {
      await expectRefusedUntouched(
        root,
        work,
        ["--in", "articles", "--out", out],
        new RegExp(`is on ${where}, `),
      );
      expect(existsSync(out), out).toBe(false);
    }
  });

  it("names them by their real path; /dev/shm, a tmpfs for anyone's files, is not one of them", () => {
    expect(pseudoFileSystem("/proc/1/site")).toBe("/proc");
    expect(pseudoFileSystem("/sys")).toBe("/sys");
    expect(pseudoFileSystem("/dev/null/x")).toBe("/dev");
    expect(pseudoFileSystem("/dev/shm/site")).toBeNull();
    expect(pseudoFileSystem(path.join(os.tmpdir(), "site"))).toBeNull();
  });
});
