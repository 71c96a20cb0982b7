/**
 * An output folder that cannot be written (its parent another user's, a read-only or full
 * disk) is one line naming the folder and what to do, exit 2, never an internal error with
 * a stack (issue 17, item 10). The mapping is tested on errors as fs gives them, then end
 * to end as the user `nobody` (root is never refused a write) when the suite runs as root.
 */
import { chmod, chown, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/shared/errors.js";
import { asOutputFailure } from "../../src/io/output-failure.js";
import {
  canDropPrivileges,
  ensureBuilt,
  removeTempDirs,
  snapshot,
  tempDir,
  vistkaProcess as vistka,
  writeFiles,
} from "../support/index.js";

const fsError = (code: string, syscall: string, p: string) =>
  Object.assign(new Error(`${code}: ${syscall} '${p}'`), { code, syscall, path: p });

describe("a file-system failure while publishing", () => {
  const out = "/var/www/html";
  const staging = "/var/www/.html.vistka-new";

  it("in the staging folder beside the output folder: one line naming the folder, exit 2", () => {
    const mapped = asOutputFailure(fsError("EACCES", "mkdir", staging), out, [staging]);
    expect(mapped).toBeInstanceOf(UserError);
    const error = mapped as UserError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      "cannot write the output folder /var/www/html: permission denied (mkdir /var/www/.html.vistka-new, EACCES); make it and its parent folder writable for this user, run as their owner, or choose another --out",
    );
    expect(error.message).not.toContain("\n");
  });

  it.each([
    ["EPERM", `${out}/index.html`, "the operation is not permitted"],
    ["EROFS", `${out}/a/index.html`, "the file system is read-only"],
    ["ENOSPC", `${out}/.a.vistka-tmp`, "no space is left"],
    ["EDQUOT", `${out}/feed.xml`, "the disk quota is used up"],
    ["ENOTDIR", `${out}/promo/index.html`, "a file is where a folder goes"],
    ["EACCES", "/var/www", "permission denied"],
  ])("%s on %s says %s", (code, where, says) => {
    const error = asOutputFailure(fsError(code, "open", where), out, [staging]) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain(`cannot write the output folder ${out}: ${says}`);
    expect(error.message).toContain("--out");
  });

  it("is left alone when it is not about the output folder (a bug, or the build cache)", () => {
    const cache = fsError("EACCES", "open", "/var/www/.vistka-cache/sources/1");
    expect(asOutputFailure(cache, out, [staging])).toBe(cache);
    const bug = new TypeError("x is undefined");
    expect(asOutputFailure(bug, out, [staging])).toBe(bug);
    const odd = fsError("EBADF", "write", `${out}/index.html`);
    expect(asOutputFailure(odd, out, [staging])).toBe(odd);
  });
});

const asNobody = canDropPrivileges();
const canTest = asNobody || process.getuid?.() !== 0;

describe("vistka build into a folder this user may not write", () => {
  beforeAll(ensureBuilt);
  afterAll(removeTempDirs);

  it.skipIf(!canTest)(
    `another user's output folder: one line, exit 2, the site untouched${asNobody ? " (run as nobody)" : ""}`,
    async () => {
      const dir = await tempDir("unwritable-out");
      await writeFiles(dir, { "articles/a.txt": "Новина\n\nДжерело: Редакція\n\nТекст.\n" });
      const first = await vistka(["build", "--no-cache"], dir);
      expect(first.code, first.stderr).toBe(0);
      // The parent is open to all (so the lock beside dist/ can be made); dist/ is not.
      await chmod(dir, 0o777);
      await chmod(path.join(dir, "articles"), 0o777);
      await writeFile(path.join(dir, "articles/b.txt"), "Ще одна\n\nДжерело: Редакція\n\nТекст.\n");
      await chmod(path.join(dir, "articles/b.txt"), 0o644);
      if (asNobody) await chown(path.join(dir, "dist"), 0, 0);
      else await chmod(path.join(dir, "dist"), 0o555);
      const before = await snapshot(path.join(dir, "dist"), true);
      try {
        const run = await vistka(["build", "--no-cache"], dir, asNobody ? { user: "nobody" } : {});
        const lines = run.stderr.trimEnd().split("\n");
        expect(lines, run.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(
          /^error: cannot write the output folder \S*\/dist: permission denied \(.*EACCES\); .*--out$/,
        );
        expect(run.code).toBe(2);
        expect(await snapshot(path.join(dir, "dist"), true)).toEqual(before);
      } finally {
        await chmod(path.join(dir, "dist"), 0o755);
      }
    },
  );
  if (!canTest) it.skip("SKIPPED: running as root without runuser to drop privileges", () => {});

  it("--out under /sys: one line, exit 2 (refused before anything is made there)", async () => {
    const dir = await tempDir("sys-out");
    await mkdir(path.join(dir, "articles"));
    const run = await vistka(["build", "--no-cache", "--out", "/sys/vistka-test"], dir);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^error: --out \/sys\/vistka-test is on \/sys, .*choose another --out/),
    ]);
    expect(run.code).toBe(2);
  });
});
