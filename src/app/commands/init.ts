/** `vistka init`: a starter config and one example article in an empty folder. */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exampleArticle, starterConfig } from "../../core/article/starter.js";
import { EXIT, UserError } from "../../core/shared/errors.js";
import { DEFAULTS } from "../../core/site/config.js";
import { CONFIG_FILE } from "../../io/config.js";
import { displayPath } from "../../io/sources.js";
import type { Io } from "../io.js";

/** What a newsroom's repository should not commit: the built site and the build cache. */
const GITIGNORE = "dist/\n.vistka-cache/\nnode_modules/\n";

export async function init(
  folder: string | undefined,
  flags: { force?: boolean; lang?: string; title?: string },
  io: Io,
  now = Date.now(),
): Promise<number> {
  const dir = path.resolve(io.cwd, folder ?? ".");
  const shown = displayPath(dir, io.cwd) || ".";
  const lang = flags.lang ?? DEFAULTS.lang;
  if (lang !== "uk" && lang !== "en")
    throw new UserError(`--lang: expected "uk" or "en"`, EXIT.usage);
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      throw new UserError(`${shown}: cannot read the folder`, EXIT.usage);
  }
  if (entries.length > 0 && !flags.force)
    throw new UserError(
      `${shown} is not empty (run vistka init in an empty folder, or add --force to add only the files it lacks)`,
      EXIT.usage,
    );
  const options = { lang: lang as "uk" | "en", timeZone: DEFAULTS.timeZone } as const;
  const title = flags.title ?? (lang === "uk" ? "Новини" : "News");
  const example = exampleArticle(now, options);
  const files: [string, string][] = [
    [CONFIG_FILE, starterConfig({ ...options, title })],
    [path.join(DEFAULTS.in, example.name), example.text],
    [".gitignore", GITIGNORE],
  ];
  const written: string[] = [];
  const kept: string[] = [];
  for (const [rel, text] of files) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    try {
      // With --force too: a file that is there is kept, never replaced.
      writeFileSync(full, text, { flag: "wx" });
      written.push(displayPath(full, io.cwd));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      kept.push(displayPath(full, io.cwd));
    }
  }
  io.stdout(`wrote ${written.join(", ") || "nothing"}\n`);
  if (kept.length > 0) io.stdout(`kept what was there: ${kept.join(", ")}\n`);
  const cd = folder ? `cd ${shown} && ` : "";
  io.stdout(
    `next: ${cd}npx vistka build (set "baseUrl" in ${CONFIG_FILE} to your site's address for feeds and sitemaps)\n`,
  );
  return EXIT.ok;
}
