/**
 * The files of a staged site written on another thread, so that this one goes on
 * rendering: tens of thousands of small writes, their folders' mkdirs and the UTF-8
 * encoding of each page are a seventh of a first build on one core.
 *
 * The interface stays synchronous, as publishing is (publish.ts): `write` and `link`
 * queue work in batches; `finish` blocks until every one is done (Atomics.wait on a
 * counter the thread raises) and throws the first failure as the fs call threw it
 * (its code and path), so the output folder's errors are said as on this thread.
 * This thread also waits when the other falls far behind: the queue never holds more
 * than a few megabytes of pages.
 */
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";

/** One queued operation: write `content` to `target`, or hard-link (else copy) `from` to `target`. */
type Op = readonly ["w", string, string | Uint8Array] | readonly ["l", string, string];

/** Operations sent at a time. */
const BATCH = 64;
/** Batches sent and not yet done before this thread waits for the other. */
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
const { counter, port } = workerData;
const made = new Set();
let failed = false;
port.on("message", (ops) => {
  if (!failed) {
    try {
      for (const [kind, target, what] of ops) {
        const dir = path.dirname(target);
        if (!made.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        if (kind === "w") fs.writeFileSync(target, what);
        else {
          try {
            fs.linkSync(what, target);
          } catch {
            fs.copyFileSync(what, target);
          }
        }
      }
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

export class WriteThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter = new Int32Array(new SharedArrayBuffer(8));
  private batch: Op[] = [];
  private sent = 0;
  private finished = false;

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

  /** Write `content` to `target` (its folder made if need be). */
  write(target: string, content: string | Uint8Array): void {
    this.queue(["w", target, content]);
  }

  /** Hard-link `from` to `target`, or copy it where links are refused. */
  link(from: string, target: string): void {
    this.queue(["l", target, from]);
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
    if (this.batch.length >= BATCH) {
      this.send();
      this.waitUntilPending(MAX_PENDING);
    }
  }

  private send(): void {
    if (this.batch.length === 0) return;
    // The pages go as strings: their cloning costs this thread less than encoding them
    // to UTF-8 here to hand the bytes over (measured), and much less than writing them.
    this.port.postMessage(this.batch);
    this.batch = [];
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
