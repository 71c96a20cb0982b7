/** A digest of a folder tree: what vistka's code signature and a build's fingerprint read. */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { incrementalHash } from "../core/shared/hash.js";

/** Every file under `dir` (recursively, sorted), its path and bytes; "none" when there is no such folder. */
export function treeDigest(dir: string): string {
  const h = incrementalHash();
  const walk = (folder: string, rel: string): boolean => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return false;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(folder, e.name);
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(full, name);
      else if (e.isFile()) {
        const bytes = readFileSync(full);
        h.update(`${name}\0${bytes.length}\0`);
        h.update(bytes);
      }
    }
    return true;
  };
  return walk(dir, "") ? h.digest() : "none";
}
