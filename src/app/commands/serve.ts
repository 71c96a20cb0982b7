/** `vistka serve`: serve a built site, without watching, for a last look before deploying. */
import { statSync } from "node:fs";
import { EXIT, UserError } from "../../core/shared/errors.js";
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
  const server = await startServer({
    root: config.out,
    host: flags.host ?? "127.0.0.1",
    port: parsePort(flags.port ?? "4000"),
    liveReload: false,
  });
  io.stdout(`serving ${shown} at ${server.url} (Ctrl-C to stop)\n`);
  await stop;
  await server.close();
  return EXIT.ok;
}
