/**
 * A small static server for the built site: correct content types, `404.html`
 * for missing pages, never a file outside the site folder nor vistka's own
 * bookkeeping files. The site is served at its path on the host (the base URL's
 * path, `/news/`), as a host would, so that 404.html's links work in the preview;
 * `/` leads there. A file that cannot be read is answered (403 or 500), never
 * the end of the server. With live reload it adds a script to the HTML it sends
 * (never to the files on disk) that listens for rebuilds on a server-sent-events
 * stream and shows build errors.
 */
import { realpathSync, statSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pipeline } from "node:stream";
import { UserError } from "../core/shared/errors.js";
import { isInside } from "./guard.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
};

/** The path of the live-reload event stream. */
export const EVENTS_PATH = "/__vistka/events";

export interface SiteServer {
  url: string;
  /** Tell every open page to reload. */
  reload(): void;
  /** Show build problems in every open page (an empty list hides them). */
  problems(lines: string[]): void;
  close(): Promise<void>;
}

export interface ServeOptions {
  root: string;
  host: string;
  port: number;
  liveReload: boolean;
  /** The site's path on its host, `/news/` (see sitePath); asked at each request, as watch may reconfigure. */
  sitePath: () => string;
}

/** Start serving; a busy port is a usage error naming it. */
export async function startServer(options: ServeOptions): Promise<SiteServer> {
  const clients = new Set<http.ServerResponse>();
  let currentProblems: string[] = [];
  const send = (event: string, data: string) => {
    for (const res of clients) res.write(`event: ${event}\ndata: ${data}\n\n`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("internal error");
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    if (options.liveReload && url.pathname === EVENTS_PATH) {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      // A HEAD asks only whether the stream is there: it must end, not stay open.
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      res.write(`event: problems\ndata: ${JSON.stringify(currentProblems)}\n\n`);
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    const sitePath = options.sitePath();
    // The host's root, or the site's path without its slash, leads to the site.
    if (sitePath !== "/" && (url.pathname === "/" || url.pathname === sitePath.slice(0, -1))) {
      res.writeHead(302, { location: sitePath + url.search }).end();
      return;
    }
    const file = url.pathname.startsWith(sitePath)
      ? resolveFile(options.root, url.pathname.slice(sitePath.length - 1))
      : null;
    if (file) {
      await sendFile(req, res, file, 200);
      return;
    }
    const notFound = path.join(options.root, "404.html");
    if (isFile(notFound)) await sendFile(req, res, notFound, 404);
    else res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404 Not Found");
  }

  async function sendFile(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    file: string,
    status: number,
  ) {
    let handle: FileHandle;
    try {
      handle = await open(file, "r");
    } catch (error) {
      // Unreadable (permissions) or gone since it was found: say so, and keep serving.
      const code = (error as NodeJS.ErrnoException).code;
      const [answer, text] =
        code === "EACCES" || code === "EPERM"
          ? [403, "403 Forbidden: the file cannot be read"]
          : code === "ENOENT"
            ? [404, "404 Not Found"]
            : [500, `500 Internal Server Error: the file cannot be read (${code ?? "error"})`];
      res.writeHead(answer, { "content-type": "text/plain; charset=utf-8" }).end(text);
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    const headers = {
      "content-type": type,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    };
    if (options.liveReload && type.startsWith("text/html")) {
      let html: string;
      try {
        html = injectReloadScript(await handle.readFile("utf8"));
      } finally {
        await handle.close();
      }
      res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(html) });
      res.end(req.method === "HEAD" ? undefined : html);
      return;
    }
    let size: number;
    try {
      size = (await handle.stat()).size;
    } catch (error) {
      await handle.close();
      throw error;
    }
    res.writeHead(status, { ...headers, "content-length": size });
    if (req.method === "HEAD") {
      res.end();
      await handle.close();
      return;
    }
    // A read failing half-way (the disk) cuts this response off, not the server; a reader gone
    // half-way (a page left, a reload) ends the read, whose stream then closes the file (with
    // pipe() alone the file stayed open until garbage collection, which Node warns about).
    pipeline(handle.createReadStream(), res, () => {});
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new UserError(
            `port ${options.port} on ${options.host} is busy (pass --port N, or --port 0 for any free port)`,
            2,
          ),
        );
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(new UserError(`cannot listen on host ${options.host} (check --host)`, 2));
      } else reject(error);
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  // Keep-alive event streams would hold close() open forever: end them first.
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(": ping\n\n");
  }, 15_000);
  heartbeat.unref();
  return {
    url: `http://${host}:${address.port}${options.sitePath()}`,
    reload: () => send("reload", "{}"),
    problems: (lines) => {
      currentProblems = lines;
      send("problems", JSON.stringify(lines));
    },
    close: async () => {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Browsers keep idle (even request-less) connections open: close() alone would wait for them.
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The file a URL path names inside `root`, or null. Directories serve their index.html. */
export function resolveFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  if (decoded.split(/[/\\]/).some(isBookkeeping)) return null;
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!isInside(root, full)) return null;
  const file = isFile(full)
    ? full
    : isFile(path.join(full, "index.html"))
      ? path.join(full, "index.html")
      : null;
  // A symlink inside the site must not lead the server out of it.
  return file && isInside(realpathSync(root), realpathSync(file)) ? file : null;
}

/**
 * vistka's own files: the manifest and journal in the site (`.vistka-manifest.json`,
 * `.vistka-journal`), half-written copies (`….vistka-tmp`), and beside it the lock
 * and staging folders (`.dist.vistka-lock`, `-new`, `-old`). None is part of the site.
 */
function isBookkeeping(name: string): boolean {
  return /^\.vistka-|\.vistka-[a-z]+$/.test(name);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The live-reload client, added before `</body>` of HTML the server sends. */
export function injectReloadScript(html: string): string {
  const script = `<script>(()=>{const s=new EventSource(${JSON.stringify(EVENTS_PATH)});let box=null;
s.addEventListener("reload",()=>location.reload());
s.addEventListener("problems",(e)=>{const lines=JSON.parse(e.data);if(box){box.remove();box=null}
if(!lines.length)return;box=document.createElement("div");box.setAttribute("role","alert");
box.style.cssText="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;background:#2b0000;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem;white-space:pre-wrap;border-top:4px solid #ff5c5c";
box.textContent="vistka: the last save has problems; the page shows the last good version.\\n\\n"+lines.join("\\n");document.body.append(box)});})();</script>`;
  const at = html.lastIndexOf("</body>");
  return at === -1 ? html + script : html.slice(0, at) + script + html.slice(at);
}
