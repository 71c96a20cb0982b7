/**
 * The output folder is the only place vistka writes or deletes. These checks
 * run on real paths (symlinks resolved) and compare with path.relative, never
 * with a bare string prefix (`/srv/news2` is not inside `/srv/news`).
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError } from "../core/shared/errors.js";

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

/** Resolve symlinks of the longest existing part of `p` (the rest may not exist yet). */
export function realish(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(head), ...tail.reverse());
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return abs;
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

export interface OutputCheck {
  out: string;
  cwd: string;
  /** Folders that must survive the build: the articles folder, the templates folder. */
  protect: { name: string; dir: string }[];
  /** The config file that gave `out`, named in messages instead of `--out`. */
  configFile?: string;
}

/** Refuse an output folder whose clearing would destroy something. Usage error, exit 2. */
export function checkOutputDir({ out, cwd, protect, configFile }: OutputCheck): void {
  const target = realish(out);
  const setting = configFile === undefined ? `--out ${out}` : `${configFile}: out: ${out}`;
  const fix = `choose another ${configFile === undefined ? "--out" : `out in ${configFile}`}, such as dist`;
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UserError(`${setting} is a file, not a folder (${fix})`, 2);
  }
  if (target === path.parse(target).root)
    throw new UserError(`${setting} is the file-system root (${fix})`, 2);
  const home = realish(os.homedir());
  if (target === home) throw new UserError(`${setting} is your home folder (${fix})`, 2);
  if (isInside(target, realish(cwd))) {
    throw new UserError(`${setting} is the working folder or one of its parents (${fix})`, 2);
  }
  for (const { name, dir } of protect) {
    const p = realish(dir);
    if (isInside(target, p))
      throw new UserError(`${setting} contains the ${name} folder ${dir} (${fix})`, 2);
    if (isInside(p, target))
      throw new UserError(`${setting} is inside the ${name} folder ${dir} (${fix})`, 2);
  }
}

/** A relative output path that stays inside the output folder, or an exception (a bug, not a user error). */
export function assertSafeRelative(rel: string): void {
  if (
    rel === "" ||
    rel.includes("\0") ||
    rel.includes("\\") ||
    path.posix.isAbsolute(rel) ||
    rel.split("/").some((seg) => seg === "" || seg === "." || seg === "..")
  ) {
    throw new Error(`unsafe output path: ${JSON.stringify(rel)}`);
  }
}
