/**
 * The output folder's lock (issue 15, item 4): one writer at a time. Taken and
 * released; a second taker waits, then fails naming the holder; a lock whose
 * process is gone is taken over with a warning; of several processes that find
 * the same stale lock at once, exactly one gets it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, UserError } from "../../src/core/shared/errors.js";
import { type LockOptions, lockFile, lockOutput } from "../../src/io/lock.js";
import { ensureBuilt, REPO } from "../support/index.js";

const made: string[] = [];
async function outDir(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "vistka-lock-"));
  made.push(root);
  return path.join(root, "dist");
}

afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

/** Options with every line the lock tells kept in `told`. */
function options(over: Partial<LockOptions> = {}): LockOptions & { told: string[] } {
  const told: string[] = [];
  return {
    command: "vistka build",
    waitSeconds: 0,
    shown: "dist",
    tell: (l) => told.push(l),
    told,
    ...over,
  };
}

/** A lock file as another process would have left it. */
function plantLock(out: string, holder: Record<string, unknown>): void {
  const full = {
    command: "vistka build",
    started: new Date().toISOString(),
    host: hostname(),
    token: "planted",
    ...holder,
  };
  writeFileSync(lockFile(out), `${JSON.stringify(full)}\n`);
}

/** The pid of a process that has just ended (a short child, waited for). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid as number;
  await new Promise<void>((resolve) => child.on("close", () => resolve()));
  return pid;
}

const HOLDER = (command: string, pid: number) =>
  new RegExp(
    `^dist/ is being written by ${command}, pid ${pid} \\(started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\); wait for it to finish or stop it, or pass --wait SECONDS$`,
  );

describe("the output folder's lock", () => {
  it("is a file beside the folder naming its holder; release removes it; it can be taken again", async () => {
    const out = await outDir();
    const lock = await lockOutput(out, options({ command: "vistka watch" }));
    expect(lock.file).toBe(path.join(path.dirname(out), ".dist.vistka-lock"));
    const recorded = JSON.parse(readFileSync(lock.file, "utf8"));
    expect(recorded).toMatchObject({ pid: process.pid, command: "vistka watch", host: hostname() });
    expect(Date.parse(recorded.started)).not.toBeNaN();
    // Nothing inside the output folder (it may not even exist), no temp file beside it.
    expect(existsSync(out)).toBe(false);
    expect(await readdir(path.dirname(out))).toEqual([".dist.vistka-lock"]);
    lock.release();
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    const again = await lockOutput(out, options());
    again.release();
    expect(await readdir(path.dirname(out))).toEqual([]);
  });

  it("makes a second taker wait, then fail with exit 2 naming the holder", async () => {
    const out = await outDir();
    const first = await lockOutput(out, options({ command: "vistka watch" }));
    const second = options({ waitSeconds: 0.3 });
    const error = await lockOutput(out, second).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(EXIT.usage);
    expect((error as UserError).message).toMatch(HOLDER("vistka watch", process.pid));
    expect(second.told).toHaveLength(1);
    expect(second.told[0]).toMatch(
      new RegExp(`^waiting for dist/: it is being written by vistka watch, pid ${process.pid} `),
    );
    // With --wait 0 it fails at once, without saying it waits.
    const now = options({ waitSeconds: 0 });
    await expect(lockOutput(out, now)).rejects.toThrow(HOLDER("vistka watch", process.pid));
    expect(now.told).toEqual([]);
    first.release();
  });

  it("gives the lock to a waiting taker when the holder releases it", async () => {
    const out = await outDir();
    const first = await lockOutput(out, options());
    let waiting!: () => void;
    const saidWaiting = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const second = lockOutput(out, options({ waitSeconds: 60, tell: () => waiting() }));
    await saidWaiting;
    first.release();
    const lock = await second;
    expect(JSON.parse(readFileSync(lock.file, "utf8")).token).toBe(lock.holder.token);
    lock.release();
  });

  it("stops waiting when its signal aborts", async () => {
    const out = await outDir();
    const first = await lockOutput(out, options());
    const stop = new AbortController();
    const second = lockOutput(
      out,
      options({ waitSeconds: 60, signal: stop.signal, tell: () => stop.abort() }),
    );
    await expect(second).rejects.toThrow(/stopped while waiting/);
    first.release();
  });

  it("takes over a lock whose process has ended, with a warning naming it", async () => {
    const out = await outDir();
    const pid = await deadPid();
    plantLock(out, { pid, command: "vistka build" });
    const taker = options({ command: "vistka watch" });
    const lock = await lockOutput(out, taker);
    expect(taker.told).toHaveLength(1);
    expect(taker.told[0]).toMatch(
      new RegExp(
        `^warning: dist/ was locked by vistka build, pid ${pid} \\(started [^)]+\\), which is no longer running; took the lock over$`,
      ),
    );
    expect(JSON.parse(readFileSync(lock.file, "utf8"))).toMatchObject({
      pid: process.pid,
      command: "vistka watch",
    });
    lock.release();
    expect(await readdir(path.dirname(out))).toEqual([]);
  });

  it("takes over a lock with this process's pid that this process does not hold (a reused pid)", async () => {
    const out = await outDir();
    plantLock(out, { pid: process.pid });
    const taker = options();
    const lock = await lockOutput(out, taker);
    expect(taker.told[0]).toMatch(/whose pid is now this process; took the lock over$/);
    lock.release();
  });

  it.runIf(existsSync("/proc/1/stat"))(
    "takes over a lock whose pid now belongs to a process started after it",
    async () => {
      const out = await outDir();
      // pid 1 is alive, and started long after 2001.
      plantLock(out, { pid: 1, started: "2001-01-01T00:00:00.000Z" });
      const taker = options();
      const lock = await lockOutput(out, taker);
      expect(taker.told[0]).toMatch(
        /pid 1 \(started 2001-01-01 00:00:00 UTC\), whose pid now belongs to another process/,
      );
      lock.release();
    },
  );

  it("never takes over a live holder's lock, nor one from another host", async () => {
    const out = await outDir();
    plantLock(out, { pid: process.ppid, command: "vistka watch" });
    await expect(lockOutput(out, options())).rejects.toThrow(HOLDER("vistka watch", process.ppid));
    const pid = await deadPid();
    plantLock(out, { pid, host: "elsewhere.example" });
    await expect(lockOutput(out, options())).rejects.toThrow(
      new RegExp(
        `^dist/ is being written by vistka build, pid ${pid} on elsewhere.example .*, or pass --wait SECONDS \\(if it no longer runs, delete \\.dist\\.vistka-lock\\)$`,
      ),
    );
  });

  it("waits for an unreadable lock while it is new, takes it over when it is old", async () => {
    const out = await outDir();
    writeFileSync(lockFile(out), "");
    await expect(lockOutput(out, options())).rejects.toThrow(
      /^dist\/ is being written by another process \(its lock \.dist\.vistka-lock cannot be read\)/,
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(out), old, old);
    const taker = options();
    const lock = await lockOutput(out, taker);
    expect(taker.told[0]).toMatch(/which cannot be read and is old; took the lock over$/);
    lock.release();
  });
});

// ---------------------------------------------------------------------------
// Several processes over one stale lock. They run the built module (lib/), each
// told to go at the same moment once all are started, and hold what they get
// until their stdin ends.

const TAKERS = 4;
const ROUNDS = 12;

const CHILD = `
import { lockOutput } from ${JSON.stringify(path.join(REPO, "lib", "io", "lock.js"))};
const out = process.argv[1];
let input = "";
process.stdin.setEncoding("utf8");
let lock = null;
process.stdin.on("data", async (chunk) => {
  input += chunk;
  if (input !== "go\\n") return;
  // What it was told and how it ended, on one line (stderr could arrive after stdout).
  const told = [];
  try {
    lock = await lockOutput(out, {
      command: "vistka build", waitSeconds: 0, shown: "dist", tell: (line) => told.push(line),
    });
    process.stdout.write(JSON.stringify({ won: true, told }) + "\\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ won: false, message: error.message, told }) + "\\n");
  }
});
process.stdin.on("end", () => lock?.release());
process.stdout.write("ready\\n");
`;

interface Taker {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  err: string[];
  line(n: number): Promise<string>;
  exited: Promise<number | null>;
}

function startTaker(out: string): Taker {
  const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD, out], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const err: string[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  let partial = "";
  child.stdout.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() as string;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on("data", (chunk: string) => err.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  exited.then(() => {
    for (const w of waiters.splice(0)) w();
  });
  const line = async (n: number): Promise<string> => {
    const deadline = Date.now() + 30_000;
    while (lines.length <= n) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(
          `taker ${child.pid}: no line ${n}; stdout ${lines.join(" | ")}; stderr ${err.join("")}`,
        );
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
    return lines[n] as string;
  };
  return { child, lines, err, line, exited };
}

describe("several processes over one stale lock", () => {
  beforeAll(async () => {
    await ensureBuilt();
  });

  it(`exactly one of ${TAKERS} takes it over, every time (${ROUNDS} rounds)`, async () => {
    const out = await outDir();
    for (let round = 0; round < ROUNDS; round++) {
      plantLock(out, { pid: await deadPid(), token: `stale-${round}` });
      const takers = Array.from({ length: TAKERS }, () => startTaker(out));
      for (const t of takers) expect(await t.line(0)).toBe("ready");
      for (const t of takers) t.child.stdin.write("go\n");
      const results = (await Promise.all(takers.map((t) => t.line(1)))).map(
        (l) => JSON.parse(l) as { won: boolean; told: string[]; message?: string },
      );
      const winners = takers.filter((_, i) => results[i]?.won);
      expect(winners, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
      const winner = winners[0] as Taker;
      // The winner alone says it took the stale lock over; every other names the winner.
      for (const [i, r] of results.entries()) {
        if (r.won) {
          expect(r.told).toHaveLength(1);
          expect(r.told[0]).toMatch(/which is no longer running; took the lock over$/);
        } else {
          expect(r.message, `taker ${i}`).toMatch(
            HOLDER("vistka build", winner.child.pid as number),
          );
          expect(r.told, `taker ${i}`).toEqual([]);
        }
      }
      expect(JSON.parse(readFileSync(lockFile(out), "utf8")).pid).toBe(winner.child.pid);
      for (const t of takers) t.child.stdin.end();
      expect(await Promise.all(takers.map((t) => t.exited))).toEqual(takers.map(() => 0));
      expect(await readdir(path.dirname(out))).toEqual([]);
    }
  });
});
