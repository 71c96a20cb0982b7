/**
 * Signatures: short hashes of what a page is made from. A page whose signature
 * matches the one recorded at the last build is not rendered again, which is
 * what makes a rebuild with nothing changed (or one article changed) cheap.
 */
import { hash } from "node:crypto";

/** A short, stable hash of text. */
export function signature(text: string | Uint8Array): string {
  return hash("sha1", text, "base64url");
}
