/**
 * Whether a site is too large for Node's memory limit, said while there is still time to act.
 *
 * Node's heap has a limit: a quarter of the machine's memory by default, at most 2 GB (4 GB
 * on machines of 16 GB or more). A build near it spends its time collecting garbage, and at
 * it stops with "JavaScript heap out of memory", a crash no code of vistka's can catch or
 * explain. Measured: 100,000 generated articles built in 91 s with a 4 GB limit and in 294 s
 * with 2 GB, a machine of 8 GB's default; with 1 GB (a machine of 4 GB) the process ran out
 * of memory 24 s in. So while and once the articles are read (then the heap holds most of
 * what the build keeps), a heap past half its limit is said, with the setting that gives
 * Node more.
 */
import os from "node:os";
import v8 from "node:v8";
import type { Problem } from "../core/shared/errors.js";

/** The heap as Node reports it, and the machine's memory, in bytes. */
export interface HeapFigures {
  used: number;
  limit: number;
  machine: number;
}

/** Past this share of the limit once the articles are read, the rest of the build may not fit. */
const NEAR = 0.5;
const MB = 1024 * 1024;
const GB = 1024 * MB;

/** The heap now, and the machine's memory. */
export function heapFigures(): HeapFigures {
  const { used_heap_size, heap_size_limit } = v8.getHeapStatistics();
  return { used: used_heap_size, limit: heap_size_limit, machine: os.totalmem() };
}

/** How far the reading has got: `done` of `total` article files. */
export interface ReadSoFar {
  done: number;
  total: number;
}

/**
 * The warning for a heap `figures` after reading the articles of `folder` (as the user named
 * it), or, with `read`, part-way through; null while the heap is within half its limit.
 */
export function memoryWarning(
  figures: HeapFigures,
  folder: string,
  read?: ReadSoFar,
): Problem | null {
  const { used, limit, machine } = figures;
  if (used <= limit * NEAR) return null;
  const what =
    read === undefined
      ? "once read, its articles take"
      : `with ${read.done} of ${read.total} articles read, they take`;
  const message =
    `${what} ${size(used)} of Node's ${size(limit)} memory limit; ` +
    `a build near the limit slows down, and at it stops with "heap out of memory"`;
  // All the articles will take about as much more as the ones read so far, per article.
  const all = read === undefined || read.done === 0 ? used : (used * read.total) / read.done;
  // The heap about doubles after reading (a cold build of 10,000 articles: 190 MB once read,
  // 370 MB at its end): three times what reading takes, in whole gigabytes, leaves room.
  const wanted = Math.ceil((3 * all) / GB) * 1024;
  // Three quarters of the machine's memory at most: the system and the build's other
  // threads need the rest, and a heap larger than the memory there is only swaps.
  const room = Math.floor((0.75 * machine) / MB);
  const give = Math.min(wanted, room);
  if (give <= limit / MB)
    return {
      file: folder,
      message,
      hint: `build on a machine with more memory than this one's ${size(machine)}`,
    };
  return {
    file: folder,
    message,
    hint: `give Node more: NODE_OPTIONS=--max-old-space-size=${give}, in megabytes; this machine has ${size(machine)}`,
  };
}

/**
 * memoryWarning asked as the articles are read (after every few hundred files) and once all
 * are, said at most once: a heap that passes its limit while the files are still being read
 * (100,000 articles with a limit of 1 GB ran out of memory 24 s in, before the reading ended)
 * is said before the crash.
 */
export class MemoryCheck {
  /** The warning once said, else null. */
  said: Problem | null = null;

  constructor(
    private readonly folder: string,
    private readonly say: (warning: Problem) => void,
    /** This process's unless given (tests give a machine's). */
    private readonly figures: () => HeapFigures = heapFigures,
  ) {}

  /** `read`: part-way through the reading (see memoryWarning). */
  check(read?: ReadSoFar): void {
    if (this.said !== null) return;
    this.said = memoryWarning(this.figures(), this.folder, read);
    if (this.said !== null) this.say(this.said);
  }
}

/** Bytes as megabytes or gigabytes, one decimal. */
function size(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`;
}
