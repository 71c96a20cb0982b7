/** The outside world as a command sees it: main() hands it down, tests pass their own. */
import type { HeapFigures } from "./memory.js";

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
  /** The heap and the machine's memory (memory.ts); this process's unless given. */
  heap?: () => HeapFigures;
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
