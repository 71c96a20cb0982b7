/**
 * Whether a site is too large for Node's memory limit, said while there is still time to act.
 *
 * Node's heap has a limit: a quarter of the machine's memory by default, at most 2 GB (4 GB
 * on machines of 16 GB or more). A build near it spends its time collecting garbage, and at
 * it stops with "JavaScript heap out of memory", a crash no code of vistka's can catch or
 * explain. Measured: 100,000 generated articles built in 91 s with a 4 GB limit and in 294 s
 * with 2 GB, a machine of 8 GB's default; with 1 GB (a machine of 4 GB) the build cannot
 * finish. So once the articles are read (then the heap holds most of what the build keeps),
 * a heap past half its limit is said, with the setting that gives Node more.
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

/**
 * The warning for a heap `figures` after reading the articles of `folder` (as the user named
 * it), or null when the build has room.
 */
export function memoryWarning(figures: HeapFigures, folder: string): Problem | null {
  const { used, limit, machine } = figures;
  if (used <= limit * NEAR) return null;
  const message =
    `once read, its articles take ${size(used)} of Node's ${size(limit)} memory limit; ` +
    `a build near the limit slows down, and at it stops with "heap out of memory"`;
  // The heap about doubles after reading (a cold build of 10,000 articles: 190 MB once read,
  // 370 MB at its end): three times what reading took, in whole gigabytes, leaves room.
  const wanted = Math.ceil((3 * used) / GB) * 1024;
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

/** Bytes as megabytes or gigabytes, one decimal. */
function size(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`;
}
