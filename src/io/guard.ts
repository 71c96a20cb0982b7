/**
 * The output folder is the only place vistka writes or deletes. These checks
 * run on real paths (symlinks resolved) and compare with path.relative, never
 * with a bare string prefix (`/srv/news2` is not inside `/srv/news`).
 */
import { existsSync, realpathSync, statfsSync, statSync } from "node:fs";
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
  const pseudo = pseudoFileSystem(target);
  if (pseudo) {
    throw new UserError(
      `--out ${out} is on ${pseudo}, which holds the system's own files, not a site (${fix})`,
      2,
    );
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

/**
 * File systems the kernel makes up (their "files" are processes, devices and settings),
 * by statfs magic number. Writing there fails in odd ways, or never ends: Node's recursive
 * mkdir loops forever under /proc.
 */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x1cd1, "devpts"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0xcafe4a11, "bpf"],
  [0x6165676c, "pstore"],
  [0x62656570, "configfs"],
  [0xde5e81e4, "efivarfs"],
  [0x42494e4d, "binfmt_misc"],
  [0x65735543, "fusectl"],
  [0x19800202, "mqueue"],
  [0x6e736673, "nsfs"],
]);

/**
 * The pseudo file system `target` (a real path) would be written on, named for a message,
 * or null. Known by the top folder (/proc, /sys, /dev but /dev/shm, which is a tmpfs for
 * anyone's files) and, wherever such a file system is mounted, by its statfs type.
 */
export function pseudoFileSystem(target: string): string | null {
  const [top, second] = path.relative(path.parse(target).root, target).split(path.sep);
  if (top === "proc" || top === "sys") return `/${top}`;
  if (top === "dev" && second !== "shm") return "/dev";
  let head = target;
  while (!existsSync(head) && path.dirname(head) !== head) head = path.dirname(head);
  try {
    const name = PSEUDO_FILE_SYSTEMS.get(Number(statfsSync(head).type));
    return name === undefined ? null : `a ${name} file system`;
  } catch {
    return null; // no statfs here: the top folders above are the check
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
