/**
 * Argument wiring only: flags → typed options → a command. Commands are
 * imported when run, so `vistka --version` loads nothing heavy.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Command, InvalidArgumentError } from "commander";
import type { Io } from "./io.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The commander program; `done` receives each command's exit code. */
export function createCli(io: Io, done: (code: number) => void): Command {
  const program = new Command("vistka")
    .description("Build a static news site from a folder of plain-text articles.")
    .version(pkg.version, "-v, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run vistka --help for usage)")
    .helpCommand("help [command]", "show the help of a command");

  addBuildOptions(
    program
      .command("build")
      .description("build the site from the articles folder into the output folder"),
  )
    .option("--json", "print the summary (counts, timings, warnings, problems) as JSON")
    .action(async (opts) => {
      const { build } = await import("./commands/build.js");
      done(await build(opts, io));
    });

  addBuildOptions(
    program
      .command("watch")
      .description("build, then rebuild on every save and serve a live-reloading preview"),
  )
    .option("-p, --port <port>", "preview server port; 0 picks a free one (default: 4000)")
    .option(
      "--host <host>",
      "address to listen on; 0.0.0.0 shares it on the network (default: 127.0.0.1)",
    )
    .option("--no-serve", "watch and rebuild without the preview server")
    .option("--open", "open the preview in a browser")
    .action(async (opts) => {
      const { watch } = await import("./commands/watch.js");
      done(await watch(opts, io));
    });

  program
    .command("serve")
    .description("serve a built site, without watching, for a last look before deploying")
    .option("-c, --config <file>", "config file (default: vistka.config.json if present)")
    .option("-o, --out <folder>", "the built site (default: dist)")
    .option("-p, --port <port>", "port; 0 picks a free one (default: 4000)")
    .option("--host <host>", "address to listen on (default: 127.0.0.1)")
    .action(async (opts) => {
      const { serve } = await import("./commands/serve.js");
      done(await serve(opts, io));
    });

  program
    .command("inspect")
    .description("show how one article file is split into its parts")
    .argument("<file>", "the article file")
    .option("--json", "print the parsed article as JSON")
    .option("--split <mode>", "where the briefs begin: auto or positional (default: auto)")
    .option("--verbose", "also show the split's method, reason and the signals it weighed")
    .action(async (file: string, opts: { json?: boolean; split?: string; verbose?: boolean }) => {
      const { inspect } = await import("./commands/inspect.js");
      done(await inspect(file, opts, io));
    });

  program
    .command("new")
    .description("write a new article file dated now, with the header lines to fill in")
    .argument("<headline>", "the story's headline (in quotes)")
    .option("-c, --config <file>", "config file (default: vistka.config.json if present)")
    .option("-i, --in <folder>", "articles folder (default: articles)")
    .action(async (headline: string, opts: { config?: string; in?: string }) => {
      const { newCommand } = await import("./commands/new.js");
      done(await newCommand(headline, opts, io));
    });

  program
    .command("init")
    .description("start a site: a config file and an example article in an empty folder")
    .argument("[folder]", "where (default: the current folder)")
    .option("--lang <lang>", "language of the site: uk or en (default: uk)")
    .option("--title <text>", "the site's name")
    .option("--force", "also in a non-empty folder; files already there are kept")
    .action(
      async (
        folder: string | undefined,
        opts: { force?: boolean; lang?: string; title?: string },
      ) => {
        const { init } = await import("./commands/init.js");
        done(await init(folder, opts, io));
      },
    );

  // A wrong option or argument points to the help of the command it was given to.
  for (const command of program.commands)
    command.showHelpAfterError(`(run vistka ${command.name()} --help for usage)`);
  return program;
}

/** The options `build` and `watch` share. */
function addBuildOptions(command: Command): Command {
  return command
    .option("-c, --config <file>", "config file (default: vistka.config.json if present)")
    .option("-i, --in <folder>", "articles folder (default: articles)")
    .option("-o, --out <folder>", "output folder, the generated site (default: dist)")
    .option("-t, --templates <folder>", "your own templates; files override the built-in ones")
    .option("--base-url <url>", "the site's absolute address, e.g. https://example.org/news/")
    .option("--lang <lang>", "language of the site's interface: uk or en (default: uk)")
    .option("--time-zone <zone>", "time zone of dates without an offset (default: Europe/Kyiv)")
    .option("--page-size <n>", "articles per list page (default: 20)")
    .option("--title <text>", "the site's name")
    .option("--drafts", "include articles marked Чернетка: так / Draft: yes")
    .option(
      "--force",
      "write into a non-empty output folder that vistka did not create, replacing your files where the site's go",
    )
    .option("--split <mode>", "briefs in files without bullets: auto or positional (default: auto)")
    .option(
      "--cache-dir <folder>",
      "where the build cache lives (default: node_modules/.cache/vistka, else .vistka-cache)",
    )
    .option("--no-cache", "neither use nor write the build cache")
    .option(
      "--wait <seconds>",
      "wait this long for another build or watch writing the output folder; 0 fails at once (default: 60)",
      waitSeconds,
    )
    .option(
      "-j, --jobs <n>",
      `threads to work on (reading articles, writing files); 1: one thread (default: ${availableParallelism()}, the cores available)`,
      jobCount,
    )
    .option("-q, --quiet", "print nothing but errors");
}

/** `--jobs`: a whole number of threads, 1 or more. */
function jobCount(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError("expected a whole number of threads, 1 or more.");
  return n;
}

/** `--wait`: a number of seconds, 0 or more (commander names the flag in the error). */
function waitSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds < 0)
    throw new InvalidArgumentError("expected a number of seconds, 0 or more.");
  return seconds;
}
