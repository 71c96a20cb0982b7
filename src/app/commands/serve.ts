/** `vistka serve`: serve a built site, without watching, for a last look before deploying. */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { EXIT, UserError } from "../../core/shared/errors.js";
import { sitePath } from "../../core/shared/paths.js";
import { startServer } from "../../io/server.js";
import { displayPath } from "../../io/sources.js";
import { type Io, untilStopped } from "../io.js";
import { resolveBuildConfig } from "./build.js";
import { parsePort } from "./watch.js";

export async function serve(
  flags: { config?: string; out?: string; port?: string; host?: string },
  io: Io,
): Promise<number> {
  const stop = untilStopped(io);
  const config = await resolveBuildConfig({ config: flags.config, out: flags.out }, io);
  const shown = displayPath(config.out, io.cwd);
  try {
    if (!statSync(config.out).isDirectory()) throw new Error();
  } catch {
    throw new UserError(
      `${shown} is not a built site (run vistka build first, or pass --out FOLDER)`,
      EXIT.usage,
    );
  }
  const site = builtSitePath(config.out) ?? sitePath(config.baseUrl);
  const server = await startServer({
    root: config.out,
    host: flags.host ?? "127.0.0.1",
    port: parsePort(flags.port ?? "4000"),
    liveReload: false,
    sitePath: () => site,
  });
  io.stdout(`serving ${shown} at ${server.url} (Ctrl-C to stop)\n`);
  await stop;
  await server.close();
  return EXIT.ok;
}

/**
 * The path on its host the site in `out` was built for, as its robots.txt says (every
 * build writes one, naming `<baseUrl>sitemap.xml` when there is a baseUrl): `/news/`, or
 * `/` without a sitemap line. Null when there is no robots.txt to ask (then the config's
 * baseUrl is taken). The site's own word wins, as its 404.html was made with it.
 */
function builtSitePath(out: string): string | null {
  let robots: string;
  try {
    robots = readFileSync(path.join(out, "robots.txt"), "utf8");
  } catch {
    return null;
  }
  const sitemap = /^Sitemap: (\S+)\/sitemap\.xml$/m.exec(robots)?.[1];
  if (sitemap === undefined) return "/";
  try {
    return sitePath(`${sitemap}/`);
  } catch {
    return "/";
  }
}
