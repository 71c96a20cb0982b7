/**
 * Running vistka as a user does: `vistka(args, cwd)` runs a command that ends by itself in
 * this process, through main(argv, io) (src/, nothing to build, no process to start);
 * `vistkaProcess` starts `node bin/vistka.js` as a child process, for what only a process
 * has: its own time zone or locale, another user, a signal, two builds racing for a lock.
 * Neither rejects on a non-zero exit code. SOURCE_DATE_EPOCH is never inherited from the
 * caller's shell.
 */
import { execFile, spawnSync } from "node:child_process";
import type { Io } from "../../src/app/io.js";
import { main } from "../../src/app/main.js";
import { BIN } from "./repo.js";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What `vistka build --json` prints (the fields the tests read). */
export interface BuildSummary {
  ok: boolean;
  articles: number;
  pages: number;
  written: number;
  unchanged: number;
  removed: number;
  upToDate: boolean;
  notes: string[];
  warnings: string[];
  drafts: number;
}

export interface RunOptions {
  /** Variables to set (undefined removes an inherited one). */
  env?: Record<string, string | undefined>;
  /** vistkaProcess only: run as this user through `runuser -u USER --` (the suite runs as root). */
  user?: string;
  /** vistkaProcess only: a run longer than this is killed and the test fails (default 60 s). */
  timeoutMs?: number;
}

/** The environment a run sees: the caller's, without SOURCE_DATE_EPOCH, with `env` over it. */
function runEnv(env: RunOptions["env"] = {}): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    SOURCE_DATE_EPOCH: undefined,
    ...env,
  };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return merged as Record<string, string>;
}

/** Variables read by the process itself (Node, ICU, libc, os.homedir()), not through vistka's io. */
const PROCESS_VARIABLES = ["TZ", "LANG", "LC_ALL", "LANGUAGE", "NODE_OPTIONS", "HOME"];

/** What `vistka` may hand in besides the environment: parts of io, and where output goes. */
export interface InProcessOptions extends Pick<RunOptions, "env"> {
  /** The heap's figures (memory.ts), a machine's other than this one's. */
  heap?: Io["heap"];
  /** A signal that stops a long-running command (watch). */
  stop?: AbortSignal;
  /** Filled as the command prints, for a caller that reads it while the command runs. */
  said?: { stdout: string; stderr: string };
}

/** Run `vistka ...args` in `cwd`, in this process. */
export async function vistka(
  args: string[],
  cwd: string,
  options: InProcessOptions = {},
): Promise<RunResult> {
  const own = PROCESS_VARIABLES.filter((v) => options.env && v in options.env);
  if (own.length > 0)
    throw new Error(`${own.join(", ")} only reach a process of its own: use vistkaProcess`);
  const said = options.said ?? { stdout: "", stderr: "" };
  const { heap, stop } = options;
  const code = await main(args, {
    stdout: (t) => {
      said.stdout += t;
    },
    stderr: (t) => {
      said.stderr += t;
    },
    cwd,
    env: runEnv(options.env),
    ...(heap ? { heap } : {}),
    ...(stop ? { stop: () => stop } : {}),
  });
  return { code, stdout: said.stdout, stderr: said.stderr };
}

/** Run `node bin/vistka.js ...args` in `cwd` as a child process (call ensureBuilt() first). */
export function vistkaProcess(
  args: string[],
  cwd: string,
  options: RunOptions = {},
): Promise<RunResult> {
  const [cmd, argv] = options.user
    ? ["runuser", ["-u", options.user, "--", process.execPath, BIN, ...args]]
    : [process.execPath, [BIN, ...args]];
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      argv,
      {
        cwd,
        encoding: "utf8",
        timeout: options.timeoutMs ?? 60_000,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
        env: runEnv(options.env),
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          const why = error.killed ? "timed out (hung?)" : error.message;
          reject(new Error(`vistka ${args.join(" ")} did not finish: ${why}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** True when the suite runs as root and `runuser` can start vistka as another user. */
export function canDropPrivileges(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = spawnSync("runuser", ["-u", "nobody", "--", "true"], { timeout: 5_000 });
  return probe.status === 0;
}

/**
 * The ids of the user `nobody`, when the tests run as root and so can start vistka as
 * someone a `chmod 000` keeps out; null otherwise (a non-root user is kept out already).
 */
export function nobody(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync("id", [flag, "nobody"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A Node or V8 stack frame line (`    at fn (file:1:2)`), which users must never see. */
export const STACK_FRAME = /^\s+at\s.+(:\d+:\d+\)?|<anonymous>\)?)$/m;

/** The non-empty lines of a stream's output. */
export function lines(out: string): string[] {
  return out.split("\n").filter((l) => l.trim() !== "");
}

/** The lines of `out` that start with `prefix` (e.g. `error: `). */
export function linesStarting(out: string, prefix: string): string[] {
  return out.split("\n").filter((l) => l.startsWith(prefix));
}
