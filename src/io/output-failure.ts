/**
 * A file-system error met while publishing into the output folder, said as what the
 * user can do about it: the folder is not writable for this user, the disk is full, a
 * file is in the way. A usage error (exit 2), one line naming the folder; any other
 * error, or one about a path outside the output folder and its staging folders (the
 * build cache, say), is left as it is, so a bug keeps its stack.
 */
import path from "node:path";
import { EXIT, UserError } from "../core/shared/errors.js";
import { isInside } from "./guard.js";

const REASONS: Readonly<Record<string, { what: string; fix: string }>> = {
  EACCES: {
    what: "permission denied",
    fix: "make it and its parent folder writable for this user, run as their owner, or choose another --out",
  },
  EPERM: {
    what: "the operation is not permitted",
    fix: "make it and its parent folder writable for this user, run as their owner, or choose another --out",
  },
  EROFS: { what: "the file system is read-only", fix: "choose another --out" },
  ENOSPC: {
    what: "no space is left on the device",
    fix: "free some space or choose another --out",
  },
  EDQUOT: { what: "the disk quota is used up", fix: "free some space or choose another --out" },
  ENOTDIR: {
    what: "a file is where a folder goes",
    fix: "move that file away or choose another --out",
  },
  EISDIR: {
    what: "a folder is where a file goes",
    fix: "move that folder away or choose another --out",
  },
  EEXIST: {
    what: "something is already where a folder goes",
    fix: "move it away or choose another --out",
  },
};

/** The output folder could not be written: a usage error (exit 2). */
export class OutputFailure extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = "OutputFailure";
  }
}

/**
 * `error` as an OutputFailure naming `outDir` when it is a file-system failure on a path
 * within (or above) the output folder or beside it in `aside` (staging folders);
 * otherwise `error` itself.
 */
export function asOutputFailure(error: unknown, outDir: string, aside: string[] = []): unknown {
  if (error instanceof UserError) return error;
  if (!(error instanceof Error)) return error;
  const e = error as NodeJS.ErrnoException;
  const reason = REASONS[e.code ?? ""];
  const where = e.path;
  if (!reason || typeof where !== "string") return error;
  const ours = [outDir, ...aside].some((dir) => isInside(dir, where)) || isInside(where, outDir);
  if (!ours) return error;
  const op = e.syscall ? `${e.syscall} ` : "";
  return new OutputFailure(
    `cannot write the output folder ${outDir}: ${reason.what} (${op}${path.normalize(where)}, ${e.code}); ${reason.fix}`,
  );
}
