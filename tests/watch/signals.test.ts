/**
 * Stopping `vistka watch` and `vistka serve` (issue 5): Ctrl-C (SIGINT) and
 * SIGTERM stop them cleanly, exit 0, and leave nothing half-written: no
 * `*.vistka-tmp` file, no `.dist.vistka-new` folder, and a dist/ that a clean
 * build of the input produces, even when the signal lands during a rebuild.
 */
import { existsSync } from "node:fs";
import { cp, readdir } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ArticleSpec,
  articleText,
  describeDiff,
  ensureBuilt,
  namesMatching,
  removeTempDirs,
  snapshot,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { cleanBuild, delay, killAll, save, startServe, startWatch, Vistka } from "./support.js";

const FLAGS = ["--base-url", "https://example.org/news/", "--page-size", "10"];

function spec(i: number): ArticleSpec {
  const n = String(i).padStart(2, "0");
  return {
    headline: `Story number ${n} from the newsroom`,
    source: i % 3 === 0 ? "Agency" : "Newsroom",
    date: `2024-05-${String((i % 28) + 1).padStart(2, "0")}T${String(8 + (i % 12)).padStart(2, "0")}:00`,
    tags: [`topic-${i % 5}`],
    body: [`The first paragraph of story ${n}.`, `The second paragraph of story ${n}.`],
  };
}
const COUNT = 60;
const files = (): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: COUNT }, (_, i) => [`articles/story-${i}.txt`, articleText(spec(i))]),
  );
/** The edit made before the signal: a headline, so list pages and feeds change too. */
const EDITED = articleText({ ...spec(27), headline: "Story 27 has a new headline" });

/**
 * One GET on a connection that is closed afterwards (no keep-alive socket left
 * behind). Its answer also shows that the process got past printing its URL:
 * vistka installs its signal handlers just after that line, so a signal sent
 * straight after the line can still meet the default action (see the report).
 */
function ping(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { connection: "close" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
  });
}

/** A TCP connection to the server that sends nothing, like a browser's preconnected socket. */
async function idleConnection(url: string): Promise<net.Socket> {
  const { port, hostname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  return socket;
}

/** What a stop must never leave: temp files of an in-place write, a staging folder. */
async function leftovers(root: string): Promise<string[]> {
  const dist = path.join(root, "dist");
  return [
    ...(await namesMatching(dist, /vistka-tmp/)).map((p) => `dist/${p}`),
    ...(await readdir(root)).filter((n) => /\.vistka-(new|old)$/.test(n)),
  ];
}

beforeAll(async () => {
  await ensureBuilt();
});
afterEach(async () => {
  await killAll();
});
afterAll(async () => {
  await removeTempDirs();
});

describe.sequential("stopping vistka watch and vistka serve", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`vistka watch exits 0 on ${signal}, prints "stopped", leaves nothing half-written`, async () => {
      const root = await tempDir(`signal-watch-${signal}`);
      await writeFiles(root, files());
      const { proc, url } = await startWatch(root, ["--port", "0", ...FLAGS]);
      // An open live-reload stream must not keep the server (or the process) alive.
      const controller = new AbortController();
      const stream = await fetch(new URL("/__vistka/events", url as string), {
        signal: controller.signal,
      });
      expect(stream.status).toBe(200);
      try {
        const exit = await proc.stop(signal);
        expect(exit, proc.transcript()).toEqual({ code: 0, signal: null });
      } finally {
        controller.abort();
      }
      expect(proc.out.at(-1)).toBe("stopped");
      expect(proc.err, proc.transcript()).toEqual([]);
      expect(await leftovers(root)).toEqual([]);
      // The server is closed.
      await expect(ping(url as string)).rejects.toThrow();
      // And dist/ is exactly a clean build of the input.
      const clean = await cleanBuild(
        path.join(root, "articles"),
        await tempDir("signal-clean"),
        FLAGS,
      );
      expect(describeDiff(await snapshot(path.join(root, "dist")), clean.tree)).toEqual([]);
    }, 30_000);

    it(`vistka serve exits 0 on ${signal}`, async () => {
      const root = await tempDir(`signal-serve-${signal}`);
      await writeFiles(root, files());
      expect((await vistka(["build", ...FLAGS], root)).code).toBe(0);
      const before = await snapshot(path.join(root, "dist"), true);
      const { proc, url } = await startServe(root, ["--port", "0", "--out", "dist"]);
      expect(await ping(url)).toBe(200);
      const exit = await proc.stop(signal);
      expect(exit, proc.transcript()).toEqual({ code: 0, signal: null });
      expect(proc.err, proc.transcript()).toEqual([]);
      await expect(ping(url)).rejects.toThrow();
      // Serving never touches the site.
      expect(await snapshot(path.join(root, "dist"), true)).toEqual(before);
    }, 30_000);
  }

  it("a browser's idle connection does not keep vistka serve from stopping", async () => {
    // Browsers open sockets ahead of need (preconnect) and keep used ones alive; the stop must
    // not wait for them to go away.
    const root = await tempDir("signal-serve-idle");
    await writeFiles(root, files());
    expect((await vistka(["build", ...FLAGS], root)).code).toBe(0);
    const { proc, url } = await startServe(root, ["--port", "0", "--out", "dist"]);
    expect(await ping(url)).toBe(200);
    const socket = await idleConnection(url);
    try {
      const exit = await proc.stop("SIGTERM", 5_000);
      expect(exit, proc.transcript()).toEqual({ code: 0, signal: null });
    } finally {
      socket.destroy();
    }
  }, 30_000);

  it("a browser's idle connection does not keep vistka watch from stopping", async () => {
    const root = await tempDir("signal-watch-idle");
    await writeFiles(root, files());
    const { proc, url } = await startWatch(root, ["--port", "0", ...FLAGS]);
    expect(await ping(url as string)).toBe(200);
    const socket = await idleConnection(url as string);
    try {
      const exit = await proc.stop("SIGTERM", 5_000);
      expect(exit, proc.transcript()).toEqual({ code: 0, signal: null });
      expect(proc.out.at(-1)).toBe("stopped");
    } finally {
      socket.destroy();
    }
  }, 30_000);

  it("Ctrl-C during watch's first build exits 0 and leaves nothing half-written", async () => {
    // The first build of a large site takes a while; an editor who started watch on the wrong
    // folder presses Ctrl-C straight away.
    const root = await tempDir("signal-first-build");
    const many: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) many[`articles/story-${i}.txt`] = articleText(spec(i));
    await writeFiles(root, many);
    const dist = path.join(root, "dist");
    const proc = new Vistka(["watch", "--port", "0", ...FLAGS], root);
    // The build has started writing once dist/ exists.
    const deadline = Date.now() + 20_000;
    while (!existsSync(dist) && !proc.exit && Date.now() < deadline) await delay(2);
    expect(existsSync(dist), proc.transcript()).toBe(true);
    expect(
      proc.out.some((l) => l.startsWith("watching")),
      "still in the first build",
    ).toBe(false);
    const exit = await proc.stop("SIGINT");
    expect.soft(exit, `exit status\n${proc.transcript()}`).toEqual({ code: 0, signal: null });
    expect.soft(await leftovers(root), "half-written files").toEqual([]);
    // Whatever was left, vistka must be able to build into its own output folder again.
    const next = await vistka(["build", ...FLAGS], root);
    expect.soft(next.code, `vistka build afterwards: ${next.stderr}`).toBe(0);
  }, 30_000);

  it("SIGTERM right after an edit leaves dist/ as a clean build of the input before or after it", async () => {
    // The two inputs the watched dist/ may match: before the edit, and after it.
    const before = await tempDir("signal-race-before");
    await writeFiles(before, files());
    const after = await tempDir("signal-race-after");
    await writeFiles(after, { ...files(), "articles/story-27.txt": EDITED });
    const cleanBefore = await cleanBuild(
      path.join(before, "articles"),
      await tempDir("signal-race-clean-before"),
      FLAGS,
    );
    const cleanAfter = await cleanBuild(
      path.join(after, "articles"),
      await tempDir("signal-race-clean-after"),
      FLAGS,
    );
    expect(describeDiff(cleanBefore.tree, cleanAfter.tree).length).toBeGreaterThan(3);

    // From "before the watcher has even seen it" to "well after the rebuild started".
    const outcomes: string[] = [];
    for (const wait of [0, 20, 32, 40, 80]) {
      const root = await tempDir(`signal-race-${wait}`);
      await cp(path.join(before, "articles"), path.join(root, "articles"), { recursive: true });
      const { proc } = await startWatch(root, ["--port", "0", ...FLAGS]);
      const from = proc.cursor;
      save(path.join(root, "articles", "story-27.txt"), EDITED);
      if (wait > 0) await delay(wait);
      const exit = await proc.stop("SIGTERM");
      expect(exit, proc.transcript()).toEqual({ code: 0, signal: null });
      expect(proc.out.at(-1)).toBe("stopped");
      expect(await leftovers(root), `after ${wait} ms`).toEqual([]);
      const tree = await snapshot(path.join(root, "dist"));
      const vsBefore = describeDiff(tree, cleanBefore.tree);
      const vsAfter = describeDiff(tree, cleanAfter.tree);
      const rebuilt = proc.rebuilds(from).length > 0;
      outcomes.push(
        `${wait} ms: ${vsAfter.length === 0 ? "after" : vsBefore.length === 0 ? "before" : "NEITHER"}${rebuilt ? " (rebuild line printed)" : ""}`,
      );
      expect(
        vsBefore.length === 0 || vsAfter.length === 0,
        `SIGTERM ${wait} ms after the edit: dist/ matches neither clean build\nvs before: ${vsBefore.join(", ")}\nvs after: ${vsAfter.join(", ")}\n${proc.transcript()}`,
      ).toBe(true);
      // A rebuild that printed its line had published everything.
      if (rebuilt) expect(vsAfter, `after ${wait} ms`).toEqual([]);
    }
    console.log(`SIGTERM after an edit: ${outcomes.join("; ")}`);
  }, 60_000);
});
