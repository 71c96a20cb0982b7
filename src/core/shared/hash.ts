/**
 * The project's one hashing helper. Signatures are short hashes of what a file is
 * made from: a file whose signature matches the one recorded at the last build is
 * not made again, which is what makes a rebuild with little changed cheap.
 */
import { createHash, hash } from "node:crypto";

/** A short, stable hash of text or bytes (SHA-1, base64url). */
export function signature(text: string | Uint8Array): string {
  return hash("sha1", text, "base64url");
}

/** 12 hex characters of a hash: versions in file names and query strings. */
export function shortHash(text: string): string {
  return hash("sha1", text, "hex").slice(0, 12);
}

/** A hash fed piece by piece (a tree of files, a build's inputs); `digest` gives a signature. */
export function incrementalHash(): {
  update: (data: string | Uint8Array) => void;
  digest: () => string;
} {
  const h = createHash("sha1");
  return { update: (data) => void h.update(data), digest: () => h.digest("base64url") };
}
