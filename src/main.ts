/**
 * main(argv, io) → exit code: the only door to the process. Tests call it
 * in-process with their own io; bin/vistka.js calls it with the real one.
 */
import { createCli } from "./cli.js";
import { EXIT, UserError } from "./core/errors.js";

/** What a command may touch of the outside world. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (progress lines are shown only there). */
  isTTY?: boolean;
  /** For long-running commands: a signal that aborts on SIGINT or SIGTERM. */
  stop?: () => AbortSignal;
}

/** Run the command line. User errors print one line; bugs print their stack and exit 70. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = createCli(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const commanderCode = (error as { code?: string }).code;
    if (typeof commanderCode === "string" && commanderCode.startsWith("commander.")) {
      // --help and --version end here too, with exit code 0.
      const exit = (error as { exitCode?: number }).exitCode ?? EXIT.usage;
      return exit === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(
      `vistka: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    return 70;
  }
}

/** Resolves when the process is asked to stop (SIGINT, SIGTERM); never, without a stop signal. */
export function untilStopped(io: Io): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = io.stop?.();
    if (!stop) return;
    if (stop.aborted) resolve();
    else stop.addEventListener("abort", () => resolve(), { once: true });
  });
}
