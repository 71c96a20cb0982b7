/**
 * The fingerprint of a build's inputs: every article file's bytes, the settings, the
 * templates (built-in and the site's own), vistka's own code and the Node version (its
 * ICU formats dates and changes case). The output depends on nothing else (the clock
 * only decides warnings), so a build whose fingerprint matches the one recorded with the
 * output folder would make exactly the files that are there, and need not make them.
 */
import { createHash } from "node:crypto";
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTIN_TEMPLATES } from "./templates.js";

/** Every file under `dir` (recursively, sorted), its path and bytes; "none" when there is no such folder. */
export function treeDigest(dir: string): string {
  const h = createHash("sha1");
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
  return walk(dir, "") ? h.digest("base64url") : "none";
}

let generator: string | undefined;
/** vistka's own code (the folder this module runs from: lib/ or src/) and built-in templates. */
export function generatorDigest(): string {
  generator ??= `${treeDigest(fileURLToPath(new URL("../", import.meta.url)))}.${treeDigest(BUILTIN_TEMPLATES)}`;
  return generator;
}

/** The fingerprint of a build: `sources` are [path under the articles folder, signature of its bytes] in path order. */
export function buildFingerprint(
  sources: readonly (readonly [string, string])[],
  settings: unknown,
  templatesDir: string | undefined,
): string {
  const h = createHash("sha1");
  h.update(`${process.version}\0${generatorDigest()}\0`);
  h.update(`${templatesDir ? treeDigest(templatesDir) : "built-in"}\0`);
  h.update(`${JSON.stringify(settings)}\0`);
  for (const [rel, digest] of sources) h.update(`${rel}\0${digest}\n`);
  return h.digest("base64url");
}
