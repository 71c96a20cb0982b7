/**
 * A reading thread (read-workers.ts): reads each batch of article files it is given with
 * readArticle, under the settings it was started with, and posts the outcomes back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type ReadSettings, readArticle } from "./read-article.js";
import type { ReadBatch, ReadBatchDone } from "./read-workers.js";

const settings = workerData as ReadSettings;
const port = parentPort;
if (port === null) throw new Error("read-worker.js runs as a worker thread");
port.on("message", ({ at, files }: ReadBatch) => {
  const outcomes = files.map(([full, known]) => readArticle(full, settings, known));
  const done: ReadBatchDone = { at, outcomes };
  port.postMessage(done);
});
