/**
 * How a staged site's files reach the stage folder (publish.ts): each file written, or
 * an unchanged one hard-linked (else copied) from the published site, its folder made the
 * first time one of its files comes. `stageFile` is that one algorithm; `DirectWriter`
 * runs it on this thread, `WriteThread` on another (`--jobs` above 1), so that this one
 * goes on rendering: tens of thousands of small writes, their folders' mkdirs and the
 * UTF-8 encoding of each page are a seventh of a first build on one core.
 *
 * The interface is synchronous, as publishing is: `write` and `link` queue work (a
 * thread's in batches); `finish` blocks until every one is done (Atomics.wait on a
 * counter the thread raises) and throws the first failure as the fs call threw it
 * (its code and path), so the output folder's errors are said as on this thread. When
 * the other thread falls behind, this one writes the next files itself (stageFile, with
 * its own folder cache) instead of waiting: the queue never holds more than a few
 * megabytes of pages, and neither thread idles while the other has work.
 */
import { copyFileSync, linkSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";

/** One operation: write `content` to `target`, or hard-link (else copy) `from` to `target`. */
type Op = readonly ["w", string, string | Uint8Array] | readonly ["l", string, string];

/**
 * What a staged site's files are written through. Each target is written once (a stage
 * has each path once): two writes of one target may land in either order.
 */
export interface StagedWriter {
  /** Write `content` to `target` (its folder made if need be). */
  write(target: string, content: string | Uint8Array): void;
  /** Hard-link `from` to `target`, or copy it where links are refused. */
  link(from: string, target: string): void;
  /** Everything asked is written once this returns; throws the first failure. */
  finish(): void;
}

interface StageFs {
  mkdirSync: (dir: string, options: { recursive: true }) => unknown;
  writeFileSync: (file: string, content: string | Uint8Array) => void;
  linkSync: (from: string, to: string) => void;
  copyFileSync: (from: string, to: string) => void;
  dirname: (file: string) => string;
}

/**
 * Carry out one operation, making its folder unless `made` has it. Self-contained (a
 * thread runs it as its source text): everything comes as arguments.
 */
export function stageFile(op: Op, made: Set<string>, fs: StageFs): void {
  const [kind, target, what] = op;
  const dir = fs.dirname(target);
  if (!made.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  if (kind === "w") fs.writeFileSync(target, what);
  else {
    try {
      fs.linkSync(what as string, target);
    } catch {
      // Hard links can be refused (another file system, some mounts): a copy is as good, only slower.
      fs.copyFileSync(what as string, target);
    }
  }
}

const FS: StageFs = { mkdirSync, writeFileSync, linkSync, copyFileSync, dirname: path.dirname };

/** stageFile on this thread, at once. */
export class DirectWriter implements StagedWriter {
  private readonly made = new Set<string>();

  write(target: string, content: string | Uint8Array): void {
    stageFile(["w", target, content], this.made, FS);
  }

  link(from: string, target: string): void {
    stageFile(["l", target, from], this.made, FS);
  }

  finish(): void {}
}

/** Operations sent at a time, at most. */
const BATCH = 64;
/**
 * Characters of pages (bytes of a file given as bytes) sent at a time, at most: a batch goes
 * once it holds this many, two pages or so. Sixty-four pages a batch, sixteen batches
 * queued, were ~40 MB of pages held as messages between the threads: a first build of
 * 10,000 articles without the build cache peaked at 482 MB, and at 447 MB with batches of
 * this size, no slower (one that writes the cache peaks later, at its save). Hard links,
 * which carry no text, still go 64 at a time.
 */
const BATCH_CHARS = 32 * 1024;
/** Batches sent and not yet done at which this thread writes the next files itself. */
const MAX_PENDING = 16;
/** Without progress for this long, the writing thread is taken to be gone. */
const STALLED_MS = 120_000;
/** Slots of the shared counter: batches done, and whether one failed. */
const DONE = 0;
const FAILED = 1;

// The thread's code, run from its source text (no module file to find, from lib/ or src/).
const SOURCE = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const stageFile = ${stageFile.toString()};
const { counter, port } = workerData;
const stageFs = { ...fs, dirname: path.dirname };
const made = new Set();
let failed = false;
port.on("message", (ops) => {
  if (!failed) {
    try {
      for (const op of ops) stageFile(op, made, stageFs);
    } catch (error) {
      failed = true;
      port.postMessage({ code: error.code, path: error.path, syscall: error.syscall, message: error.message });
      Atomics.store(counter, ${FAILED}, 1);
    }
  }
  Atomics.add(counter, ${DONE}, 1);
  Atomics.notify(counter, ${DONE});
});
`;

/** stageFile on a thread of its own. */
export class WriteThread implements StagedWriter {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter = new Int32Array(new SharedArrayBuffer(8));
  private batch: Op[] = [];
  /** Characters of the pages in `batch`. */
  private batchChars = 0;
  private sent = 0;
  private finished = false;
  /** What this thread writes itself while the other is behind. */
  private readonly here = new DirectWriter();

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(SOURCE, {
      eval: true,
      workerData: { counter: this.counter, port: port2 },
      transferList: [port2],
    });
    // Not waited for by the process: `finish` is what waits.
    this.worker.unref();
    this.port.unref();
  }

  write(target: string, content: string | Uint8Array): void {
    if (this.behind()) this.here.write(target, content);
    else this.queue(["w", target, content]);
  }

  link(from: string, target: string): void {
    if (this.behind()) this.here.link(from, target);
    else this.queue(["l", target, from]);
  }

  /** Whether the other thread has as much queued as it may take (see MAX_PENDING). */
  private behind(): boolean {
    return this.sent - Atomics.load(this.counter, DONE) >= MAX_PENDING;
  }

  /** Wait until everything queued is written; throws the first failure. The thread then ends. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.send();
    try {
      this.waitUntilPending(0);
      const failure = receiveMessageOnPort(this.port)?.message as
        | { code?: string; path?: string; syscall?: string; message: string }
        | undefined;
      if (Atomics.load(this.counter, FAILED) === 1 || failure) {
        const error = new Error(failure?.message ?? "a file could not be written");
        throw Object.assign(error, failure ?? {});
      }
    } finally {
      void this.worker.terminate();
      this.port.close();
    }
  }

  private queue(op: Op): void {
    this.batch.push(op);
    if (op[0] === "w") this.batchChars += op[2].length;
    if (this.batch.length >= BATCH || this.batchChars >= BATCH_CHARS) this.send();
  }

  private send(): void {
    if (this.batch.length === 0) return;
    // The pages go as strings: their cloning costs this thread less than encoding them
    // to UTF-8 here to hand the bytes over (measured), and much less than writing them.
    this.port.postMessage(this.batch);
    this.batch = [];
    this.batchChars = 0;
    this.sent++;
  }

  /** Block until at most `pending` sent batches are not done yet. */
  private waitUntilPending(pending: number): void {
    let done = Atomics.load(this.counter, DONE);
    while (this.sent - done > pending) {
      if (Atomics.wait(this.counter, DONE, done, STALLED_MS) === "timed-out")
        throw new Error("the thread writing the output folder stopped answering");
      done = Atomics.load(this.counter, DONE);
    }
  }
}
