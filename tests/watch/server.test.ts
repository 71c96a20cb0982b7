/**
 * The preview server of `vistka watch` and `vistka serve` (issue 5): content
 * types, 404.html for missing pages, no way out of the site folder, the
 * live-reload event stream, the reload script only in what is served (never
 * in dist/), 127.0.0.1 by default, a clear error for a busy port.
 */

import { chmod, readFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ArticleSpec,
  articleText,
  dateLine,
  ensureBuilt,
  filesContaining,
  nobody,
  removeTempDirs,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { humanPause, killAll, save, startServe, startWatch, type Vistka } from "./support.js";

const BASE = "https://example.org/news/";
const SECRET = "TOP-SECRET-MARKER-7f3a";
const ALPHA: ArticleSpec = {
  headline: "Council approves the winter budget",
  source: "City Council",
  date: "2024-03-01T10:00",
  tags: ["city"],
  body: ["The council approved the budget on Friday."],
};
const BETA: ArticleSpec = {
  headline: "Library opens a reading room",
  source: "City Library",
  date: "2024-03-02T10:00",
  tags: ["culture"],
  body: ["The library opened a reading room for children."],
};
/** The script the server adds before </body> of the HTML it sends. */
const RELOAD_SCRIPT =
  /<script>\(\(\)=>\{const s=new EventSource\("\/__vistka\/events"\)[\s\S]*?<\/script>/;

/** A site folder with two articles and a file beside dist/ that must never be served. */
async function makeSite(label: string): Promise<string> {
  const root = await tempDir(`server-${label}`);
  await writeFiles(root, {
    "articles/2024-03-01-alpha.txt": articleText(ALPHA),
    "articles/2024-03-02-beta.txt": articleText(BETA),
    "secret.txt": `${SECRET}\n`,
  });
  return root;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GET (or HEAD) a path exactly as written (fetch would normalise `..` and friends away). */
function rawGet(base: string, rawPath: string, method = "GET"): Promise<Response> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: rawPath, method, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${rawPath} timed out`)));
    req.end();
  });
}

interface SseEvent {
  event: string;
  data: string;
}

/** The live-reload stream read with fetch and a reader; events collected as they come. */
class EventStream {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  private waiters = new Set<() => void>();
  private buffer = "";
  ended = false;
  status = 0;
  contentType: string | null = null;

  async open(url: string): Promise<void> {
    const res = await fetch(url, { signal: this.controller.signal });
    this.status = res.status;
    this.contentType = res.headers.get("content-type");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          this.buffer += decoder.decode(value, { stream: true });
          let at = this.buffer.indexOf("\n\n");
          while (at !== -1) {
            this.parse(this.buffer.slice(0, at));
            this.buffer = this.buffer.slice(at + 2);
            at = this.buffer.indexOf("\n\n");
          }
          for (const w of [...this.waiters]) w();
        }
      } catch {
        // aborted
      }
      this.ended = true;
      for (const w of [...this.waiters]) w();
    })();
  }

  private parse(block: string): void {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length > 0 || event !== "message") this.events.push({ event, data: data.join("\n") });
  }

  /** The first event at or after index `from` that `pred` accepts. */
  async next(from: number, pred: (e: SseEvent) => boolean, timeoutMs = 20_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.ended)
        throw new Error(`no such event; got: ${JSON.stringify(this.events.slice(from))}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}

/**
 * Ask for `missing` (a path from the host's root that is no page) and follow every
 * link of the 404 page it gets, as a browser at that address would: what does not
 * answer 200 (or answers the stylesheet without CSS), one line each.
 */
async function deadLinksOf404(url: string, missing: string): Promise<string[]> {
  const at = new URL(missing, url);
  const res = await fetch(at);
  expect(res.status).toBe(404);
  const html = await res.text();
  const refs = [...html.matchAll(/\s(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1] as string);
  expect(refs.length).toBeGreaterThan(2);
  const dead: string[] = [];
  for (const ref of refs.filter((r) => !/^https?:/.test(r) || r.startsWith(at.origin))) {
    const target = await fetch(new URL(ref, at));
    const type = target.headers.get("content-type") ?? "";
    await target.arrayBuffer();
    if (target.status !== 200) dead.push(`${ref}: ${target.status}`);
    else if (ref.endsWith(".css") && !type.startsWith("text/css")) dead.push(`${ref}: ${type}`);
  }
  return dead;
}

/** A port something else is listening on (127.0.0.1). */
async function occupyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const TRAVERSALS = [
  "/../secret.txt",
  "/..%2fsecret.txt",
  "/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
  "/%2e%2e%2fsecret.txt",
  "/%2e%2e/secret.txt",
  "/..%5csecret.txt",
  "/assets/..%2f..%2fsecret.txt",
  "/alpha/..%2f..%2f..%2fsecret.txt",
  "/index.html%00",
  "/index.html%00.css",
  "/%00",
  "/%00/../secret.txt",
  "/%E0%A4%A",
];

/** Each of `paths` (from the host's root) also under the site's path of `url` (`/news/`). */
function underSitePath(url: string, paths: string[]): string[] {
  const site = new URL(url).pathname;
  return [...paths, ...paths.map((p) => site + p.slice(1))];
}

beforeAll(async () => {
  await ensureBuilt();
});
afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

describe.sequential("vistka watch: the preview server", () => {
  let root = "";
  let dist = "";
  let url = "";
  let proc: Vistka;

  beforeAll(async () => {
    root = await makeSite("watch");
    dist = path.join(root, "dist");
    const started = await startWatch(root, ["--port", "0", "--base-url", BASE]);
    proc = started.proc;
    url = started.url as string;
  }, 60_000);
  afterAll(async () => {
    await killAll();
  });

  it("listens on 127.0.0.1 by default and prints the URL, at the base URL's path", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/news\/$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
  });

  it("sends the right content types", async () => {
    const cases: [string, RegExp][] = [
      ["/", /^text\/html; charset=utf-8$/],
      ["/alpha/", /^text\/html; charset=utf-8$/],
      ["/alpha/index.html", /^text\/html; charset=utf-8$/],
      ["/assets/style.css", /^text\/css; charset=utf-8$/],
      ["/feed.xml", /^application\/xml; charset=utf-8$/],
      ["/sitemap.xml", /^application\/xml; charset=utf-8$/],
      ["/rss.xml", /^application\/xml; charset=utf-8$/],
      ["/feed.json", /^application\/json; charset=utf-8$/],
      ["/robots.txt", /^text\/plain; charset=utf-8$/],
    ];
    for (const [p, type] of cases) {
      const res = await fetch(new URL(p.slice(1), url));
      expect(res.status, p).toBe(200);
      expect(res.headers.get("content-type"), p).toMatch(type);
      await res.arrayBuffer();
    }
    // Non-HTML files are sent as they are on disk.
    for (const p of ["assets/style.css", "feed.xml", "feed.json"]) {
      const res = await fetch(new URL(p, url));
      expect(
        Buffer.from(await res.arrayBuffer()).equals(await readFile(path.join(dist, p))),
        p,
      ).toBe(true);
    }
  });

  it("answers an unknown path with status 404 and the 404.html page", async () => {
    const res = await fetch(new URL("no/such/page/", url));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const body = await res.text();
    expect(body).toMatch(RELOAD_SCRIPT);
    expect(body.replace(RELOAD_SCRIPT, "")).toBe(
      await readFile(path.join(dist, "404.html"), "utf8"),
    );
  });

  it("serves the site at the base URL's path, leads / there, and 404.html works at any depth", async () => {
    for (const p of ["/", "/news", "/?q=x"]) {
      const res = await rawGet(url, p);
      expect(res.status, p).toBe(302);
      expect(res.headers.location, p).toBe(p.includes("?") ? "/news/?q=x" : "/news/");
    }
    expect((await rawGet(url, "/alpha/")).status).toBe(404);
    expect((await rawGet(url, "/news/alpha/")).status).toBe(200);
    expect(await deadLinksOf404(url, "/news/no/such/page/")).toEqual([]);
    expect(await deadLinksOf404(url, "/elsewhere/deep/")).toEqual([]);
  });

  it("answers HEAD of the live-reload stream, and ends the answer", async () => {
    const res = await rawGet(url, "/__vistka/events", "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(res.body.length).toBe(0);
  });

  it("never serves vistka's manifest", async () => {
    for (const p of ["/news/.vistka-manifest.json", "/news/%2Evistka-manifest.json"]) {
      const res = await rawGet(url, p);
      expect(res.status, p).toBe(404);
      expect(res.body.toString("utf8"), p).not.toContain('"generator":"vistka"');
    }
  });

  it("never serves a file outside the site folder (encoded .., backslash, NUL)", async () => {
    const notFound = await readFile(path.join(dist, "404.html"), "utf8");
    for (const p of underSitePath(url, TRAVERSALS)) {
      const res = await rawGet(url, p);
      const body = res.body.toString("utf8");
      expect(res.status, p).toBe(404);
      expect(body, p).not.toContain(SECRET);
      expect(body, p).not.toMatch(/root:.*:0:0:/);
      expect(body.replace(RELOAD_SCRIPT, ""), p).toBe(notFound);
    }
  });

  it("adds the reload script to the HTML it sends, never to the files in dist/", async () => {
    const served = await (await fetch(new URL("alpha/", url))).text();
    const onDisk = await readFile(path.join(dist, "alpha", "index.html"), "utf8");
    expect(served).toMatch(RELOAD_SCRIPT);
    expect(served.replace(RELOAD_SCRIPT, "")).toBe(onDisk);
    expect(served.indexOf("/__vistka/events")).toBeLessThan(served.lastIndexOf("</body>"));
    expect(onDisk).not.toContain("__vistka");
    expect(await filesContaining(dist, "__vistka")).toEqual([]);
    expect(await filesContaining(dist, "EventSource")).toEqual([]);
  });

  it("the live-reload stream sends `reload` after a rebuild and `problems` after a broken save", async () => {
    const stream = new EventStream();
    await stream.open(new URL("/__vistka/events", url).href);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      // On connecting: the current problems, none.
      const first = await stream.next(0, () => true);
      expect(first).toEqual({ event: "problems", data: "[]" });

      const file = path.join(root, "articles", "2024-03-01-alpha.txt");
      let at = stream.events.length;
      let from = proc.cursor;
      save(file, articleText({ ...ALPHA, headline: "Council approves the budget, edited" }));
      await proc.rebuiltUntil(from, async () =>
        (await readFile(path.join(dist, "alpha", "index.html"), "utf8")).includes("budget, edited"),
      );
      await stream.next(at, (e) => e.event === "reload");

      // A broken save: the problem, as printed, is sent to the page.
      await humanPause();
      at = stream.events.length;
      from = proc.cursor;
      const broken = { ...ALPHA, date: "2024-02-30" };
      save(file, articleText(broken));
      await proc.rebuildWhere(from, (r) => r.problems > 0);
      const problems = await stream.next(at, (e) => e.event === "problems" && e.data !== "[]");
      const lines = JSON.parse(problems.data) as string[];
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^articles/2024-03-01-alpha\\.txt:${dateLine(broken)}: no such date "2024-02-30"`,
        ),
      );
      // Nothing was written, so nothing to reload.
      expect(stream.events.slice(at).filter((e) => e.event === "reload")).toEqual([]);

      // The fix clears the overlay and reloads the page.
      await humanPause();
      at = stream.events.length;
      from = proc.cursor;
      save(file, articleText({ ...ALPHA, headline: "Council approves the budget, fixed" }));
      await proc.rebuiltUntil(from, async () =>
        (await readFile(path.join(dist, "alpha", "index.html"), "utf8")).includes("budget, fixed"),
      );
      await stream.next(at, (e) => e.event === "problems" && e.data === "[]");
      await stream.next(at, (e) => e.event === "reload");
    } finally {
      stream.close();
    }
  }, 30_000);
});

describe.sequential("vistka serve", () => {
  afterEach(async () => {
    await killAll();
  });

  it("serves a built site without the reload script, with 404.html for missing pages", async () => {
    const root = await makeSite("serve");
    const built = await vistka(["build", "--base-url", BASE], root);
    expect(built.code, built.stderr).toBe(0);
    const dist = path.join(root, "dist");
    const { proc, url } = await startServe(root, ["--port", "0", "--out", "dist"]);
    // At the path of the base URL the site was built with, as on its host.
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/news\/$/);

    for (const [p, file, type] of [
      ["", "index.html", /^text\/html; charset=utf-8$/],
      ["alpha/", "alpha/index.html", /^text\/html; charset=utf-8$/],
      ["assets/style.css", "assets/style.css", /^text\/css; charset=utf-8$/],
      ["feed.xml", "feed.xml", /^application\/xml; charset=utf-8$/],
      ["feed.json", "feed.json", /^application\/json; charset=utf-8$/],
    ] as const) {
      const res = await fetch(new URL(p, url));
      expect(res.status, p).toBe(200);
      expect(res.headers.get("content-type"), p).toMatch(type);
      // Exactly the file: no script added.
      expect(
        Buffer.from(await res.arrayBuffer()).equals(await readFile(path.join(dist, file))),
        p,
      ).toBe(true);
    }

    const missing = await fetch(new URL("gone/", url));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(await readFile(path.join(dist, "404.html"), "utf8"));
    // No live reload here: the event path is just a missing page.
    const events = await fetch(new URL("/__vistka/events", url));
    expect(events.status).toBe(404);
    await events.text();
    for (const p of underSitePath(url, TRAVERSALS)) {
      const res = await rawGet(url, p);
      expect(res.status, p).toBe(404);
      expect(res.body.toString("utf8"), p).not.toContain(SECRET);
    }
    expect(proc.exit).toBeNull();
  }, 30_000);

  it("serves a site built without a baseUrl at /, and its 404.html works at any depth", async () => {
    const root = await makeSite("serve-no-base");
    expect((await vistka(["build"], root)).code).toBe(0);
    const { url } = await startServe(root, ["--port", "0", "--out", "dist"]);
    expect(new URL(url).pathname).toBe("/");
    expect(await deadLinksOf404(url, "/no/such/page/")).toEqual([]);
  }, 30_000);

  it("never serves vistka's bookkeeping files (manifest, journal, half-written copies)", async () => {
    const root = await makeSite("serve-bookkeeping");
    expect((await vistka(["build", "--base-url", BASE], root)).code).toBe(0);
    await writeFiles(root, {
      "dist/.vistka-journal": "alpha/index.html\n",
      "dist/alpha/.index.html.vistka-tmp": SECRET,
    });
    const { url } = await startServe(root, ["--port", "0", "--out", "dist"]);
    for (const p of [".vistka-manifest.json", ".vistka-journal", "alpha/.index.html.vistka-tmp"]) {
      const res = await fetch(new URL(p, url));
      const body = await res.text();
      expect(res.status, p).toBe(404);
      expect(body, p).not.toContain(SECRET);
      expect(body, p).not.toContain('"generator":"vistka"');
      expect(body, p).not.toContain("alpha/index.html\n");
    }
  }, 30_000);

  it("answers 403 for a file it cannot read, and keeps serving", async () => {
    const root = await makeSite("serve-unreadable");
    expect((await vistka(["build", "--base-url", BASE], root)).code).toBe(0);
    // mkdtemp makes the folder the owner's alone: let the user the server runs as in.
    await chmod(root, 0o755);
    const dist = path.join(root, "dist");
    for (const f of ["alpha/index.html", "assets/style.css"]) await chmod(path.join(dist, f), 0);
    const { proc, url } = await startServe(
      root,
      ["--port", "0", "--out", "dist"],
      nobody() ?? undefined,
    );
    for (const p of ["alpha/", "assets/style.css"]) {
      const res = await fetch(new URL(p, url));
      expect(res.status, p).toBe(403);
      await res.text();
    }
    const head = await rawGet(url, `${new URL(url).pathname}alpha/`, "HEAD");
    expect(head.status).toBe(403);
    const front = await fetch(url);
    expect(front.status).toBe(200);
    expect(await front.text()).toContain(ALPHA.headline);
    expect(proc.exit).toBeNull();
  }, 30_000);

  it("vistka watch answers 403 for a file it cannot read, and keeps serving", async () => {
    const root = await makeSite("watch-unreadable");
    // Let the user vistka runs as write the site, its lock and its cache here.
    await chmod(root, 0o777);
    const { proc, url } = await startWatch(root, ["--port", "0", "--base-url", BASE], {
      as: nobody() ?? undefined,
    });
    const dist = path.join(root, "dist");
    for (const f of ["alpha/index.html", "assets/style.css"]) await chmod(path.join(dist, f), 0);
    for (const p of ["alpha/", "assets/style.css"]) {
      const res = await fetch(new URL(p, url as string));
      expect(res.status, p).toBe(403);
      await res.text();
    }
    const front = await fetch(url as string);
    expect(front.status).toBe(200);
    expect(await front.text()).toContain(ALPHA.headline);
    expect(proc.exit).toBeNull();
  }, 60_000);

  it("vistka watch on a busy port exits 2 with a message naming the port", async () => {
    const root = await makeSite("busy-watch");
    const busy = await occupyPort();
    try {
      const result = await vistka(["watch", "--port", String(busy.port)], root);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`port ${busy.port}`);
      expect(result.stderr).toMatch(/busy/);
    } finally {
      await busy.close();
    }
  }, 30_000);

  it("vistka serve on a busy port exits 2 with a message naming the port", async () => {
    const root = await makeSite("busy-serve");
    expect((await vistka(["build"], root)).code).toBe(0);
    const busy = await occupyPort();
    try {
      const result = await vistka(["serve", "--port", String(busy.port), "--out", "dist"], root);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`port ${busy.port}`);
      expect(result.stderr).toMatch(/busy/);
    } finally {
      await busy.close();
    }
  }, 30_000);
});
