/** The files a build hands to publishing: what every stage that makes a file returns. */

/** A file of the finished site, path relative to the output folder (always `/`-separated). */
export interface OutputFile {
  path: string;
  content: string | Uint8Array;
  /** A signature known in advance (else the content's hash is used). */
  sig?: string;
}

/** A file as the renderer hands it on: without content when its signature is already known. */
export interface RenderedFile {
  path: string;
  /** Signature of what the file is made from. */
  sig: string;
  /** Absent when `known(path)` returned this signature: the existing file is still right. */
  content?: string | Uint8Array;
}
