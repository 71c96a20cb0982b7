/**
 * The fingerprint of a build's inputs: every article file's bytes, the settings, the
 * templates (built-in and the site's own), vistka's own code and the Node version (its
 * ICU formats dates and changes case). The output depends on nothing else (the clock
 * only decides warnings), so a build whose fingerprint matches the one recorded with the
 * output folder would make exactly the files that are there, and need not make them.
 */
import { fileURLToPath } from "node:url";
import { incrementalHash } from "../core/shared/hash.js";
import { BUILTIN_TEMPLATES } from "./templates.js";
import { treeDigest } from "./tree-digest.js";

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
  const h = incrementalHash();
  h.update(`${process.version}\0${generatorDigest()}\0`);
  h.update(`${templatesDir ? treeDigest(templatesDir) : "built-in"}\0`);
  h.update(`${JSON.stringify(settings)}\0`);
  // One update of the whole list (joined flat): the same digest as one a source, without
  // 10,000 calls.
  const list: string[] = [];
  for (const [rel, digest] of sources) list.push(`${rel}\0${digest}\n`);
  h.update(list.join(""));
  return h.digest();
}
