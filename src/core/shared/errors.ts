/**
 * Problems a user can cause are values, not exceptions: each names the file
 * (and line where there is one), says what is wrong and how to fix it.
 * Bugs stay ordinary exceptions so they keep their stack.
 */

/** A content problem found in one input file. */
export interface Problem {
  /** Path of the file as the user gave it (relative to the working folder). */
  file: string;
  /** 1-based line number, when the problem sits on a line. */
  line?: number;
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** `file:line: message (hint)` — the one-line form users see. */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where}: ${p.message}${p.hint ? ` (${p.hint})` : ""}`;
}

/** Exit codes of the command line. */
export const EXIT = { ok: 0, content: 1, usage: 2 } as const;

/**
 * An error the user caused (bad content, bad options, bad config). It carries
 * the exit code and prints as its message alone, without a stack.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = EXIT.usage,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = "UserError";
  }
}
