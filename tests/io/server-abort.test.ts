/**
 * The preview server closes a file it was sending when the reader goes away half-way (a page
 * left, a reload): with pipe() alone the file stayed open until garbage collection, and Node
 * then warned on stderr (seen in tests/watch/signals.test.ts when the machine was busy).
 * Counted in /proc/self/fd, so on Linux only.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { startServer } from "../../src/io/server.js";

const root = mkdtempSync(path.join(os.tmpdir(), "vistka-server-abort-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** How many files this process has open. */
const openFiles = () => readdirSync("/proc/self/fd").length;

it.skipIf(!existsSync("/proc/self/fd"))(
  "closes the file of a response the reader left half-way",
  async () => {
    // Large enough that the response is still being sent when the reader leaves.
    writeFileSync(path.join(root, "big.pdf"), Buffer.alloc(32 << 20, 7));
    const server = await startServer({
      root,
      host: "127.0.0.1",
      port: 0,
      liveReload: false,
      sitePath: () => "/",
    });
    try {
      const before = openFiles();
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve, reject) => {
          const req = http.get(`${server.url}big.pdf`, (res) => {
            expect(res.statusCode).toBe(200);
            // The first chunk, then the reader goes.
            res.once("data", () => {
              req.destroy();
              resolve();
            });
          });
          req.on("error", (error) => {
            if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") reject(error);
          });
        });
      }
      // Every file the server opened is closed again soon (its socket and the client's too).
      let open = openFiles();
      for (let tries = 0; open > before && tries < 50; tries++) {
        await new Promise((r) => setTimeout(r, 20));
        open = openFiles();
      }
      expect(open).toBeLessThanOrEqual(before);
    } finally {
      await server.close();
    }
  },
);
