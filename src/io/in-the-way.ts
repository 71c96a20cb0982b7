/**
 * The user's own files in the output folder are theirs: a build never replaces one
 * by a file of the site (a new article whose address is `promo/` where the user keeps
 * `promo/index.html`), since the next build, taking it for its own, would then delete
 * it. Only what the manifest lists is vistka's; anything else at a path the site now
 * needs (or a file or link where it needs a folder) stops the build, unless --force.
 */
import { lstatSync } from "node:fs";
import path from "node:path";
import { EXIT, type Problem, UserError } from "../core/shared/errors.js";

/** A path of the site, and what of the user's is in its way (the path or a folder above it). */
export interface Blocked {
  /** The site's file, relative to the output folder. */
  rel: string;
  /** The user's entry in its way: `rel` itself or one of its folders. */
  blocking: string;
}

/** How many blocked paths a message lists; the rest are counted. */
const SHOWN = 10;

/** Thrown by publishing when files of the user's are in the way: a content error (exit 1). */
export class OutputConflict extends UserError {
  /** Publishing in place (watch) wrote the site's other files before it stopped. */
  othersWritten = false;

  constructor(
    readonly dir: string,
    readonly blocked: readonly Blocked[],
  ) {
    const first = blocked[0] as Blocked;
    const more = blocked.length > 1 ? ` (and ${blocked.length - 1} more)` : "";
    super(`${path.join(dir, first.blocking)}: ${describe(first).message}${more}`, EXIT.content);
    this.name = "OutputConflict";
  }

  /** One problem per blocked path (the first ten, then a count), the folder shown as `shownOut`. */
  problemsUnder(shownOut: string): Problem[] {
    const problems = this.blocked.slice(0, SHOWN).map((b) => ({
      file: `${shownOut}/${b.blocking}`,
      ...describe(b),
    }));
    const rest = this.blocked.length - SHOWN;
    if (rest > 0)
      problems.push({
        file: `${shownOut}/`,
        message: `${rest} more files of yours are where the site's files go`,
        hint: "move them away, or pass --force to let vistka replace them",
      });
    return problems;
  }
}

function describe({ rel, blocking }: Blocked): { message: string; hint: string } {
  const what = blocking === rel ? `the site's file ${rel}` : `the site's folder for ${rel}`;
  return {
    message: `something vistka did not make is where ${what} goes`,
    hint: "move or rename yours, give the article another Slug, or pass --force to let vistka replace it",
  };
}

/**
 * A finder of what is in the way of the site's new paths, for one publish: what it
 * has looked at on disk is remembered only until the next (the user may change the
 * folder between two rebuilds of `watch`).
 */
export function blockedPaths(
  dir: string,
  isVistkas: (rel: string) => boolean,
): (rel: string) => Blocked | null {
  const seen = new Map<string, "dir" | "missing" | "other">();
  const kindOf = (rel: string) => {
    let kind = seen.get(rel);
    if (kind === undefined) {
      kind = entryKind(path.join(dir, rel));
      seen.set(rel, kind);
    }
    return kind;
  };
  return (rel) => {
    if (kindOf("") === "missing") return null;
    const parts = rel.split("/");
    let prefix = "";
    for (let i = 0; i < parts.length; i++) {
      prefix = i === 0 ? (parts[0] as string) : `${prefix}/${parts[i]}`;
      const kind = kindOf(prefix);
      if (kind === "missing") return null;
      const last = i === parts.length - 1;
      // A real folder on the way is shared (the user's images beside the site's pages).
      if (!last && kind === "dir") continue;
      return isVistkas(prefix) ? null : { rel, blocking: prefix };
    }
    return null;
  };
}

function entryKind(full: string): "dir" | "missing" | "other" {
  try {
    return lstatSync(full).isDirectory() ? "dir" : "other";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    throw error;
  }
}
