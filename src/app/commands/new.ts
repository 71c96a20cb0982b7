/** `vistka new "Headline"`: a new article file dated now, with the header lines to fill in. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkHeadline, newArticle } from "../../core/article/starter.js";
import { EXIT, UserError } from "../../core/shared/errors.js";
import { displayPath } from "../../io/sources.js";
import type { Io } from "../io.js";
import { resolveBuildConfig } from "./build.js";

export async function newCommand(
  headline: string,
  flags: { config?: string; in?: string },
  io: Io,
  now = Date.now(),
): Promise<number> {
  const checked = checkHeadline(headline);
  if (!checked.ok)
    throw new UserError(`${checked.message} (vistka new "Headline of the story")`, EXIT.usage);
  const config = await resolveBuildConfig({ config: flags.config, in: flags.in }, io);
  const file = newArticle(checked.value, now, config);
  const full = path.join(config.in, file.name);
  const shown = displayPath(full, io.cwd);
  mkdirSync(config.in, { recursive: true });
  try {
    // "wx": never over a file that is there, not even one made a moment ago.
    writeFileSync(full, file.text, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new UserError(
        `${shown} already exists (edit it, or give another headline)`,
        EXIT.usage,
      );
    throw new UserError(`${shown}: cannot write the file (${code ?? String(error)})`, EXIT.usage);
  }
  const draft = config.lang === "uk" ? "Чернетка: так" : "Draft: yes";
  io.stdout(
    `wrote ${shown}: fill in the header lines and the text; it is a draft until you delete its "${draft}" line\n`,
  );
  return EXIT.ok;
}
