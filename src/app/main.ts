/**
 * main(argv, io) → exit code: the only door to the process. Tests call it
 * in-process with their own io; bin/vistka.js calls it with the real one.
 */

import { EXIT, UserError } from "../core/shared/errors.js";
import { createCli } from "./cli.js";
import type { Io } from "./io.js";

export type { Io };

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
