/**
 * Photo header lines (`Фото: photos/tram.jpg | Трамвай на мосту | Підпис | Автор фото`):
 * the value split into its fields and checked, before any file is looked at. Where the
 * photo's file is, whether it is there and what it holds is the pipeline's (src/io/images.ts).
 */
import type { Problem } from "../shared/errors.js";

/** One photo as the article's header line gives it. */
export interface ArticlePhoto {
  /** The file, as written: relative to the article's folder, `/`-separated. */
  src: string;
  /** What the photo shows, for readers who cannot see it (the `alt` text). */
  alt: string;
  caption: string | null;
  credit: string | null;
  /** The header's line, for problems about the file. */
  line: number;
}

export const PHOTO_FORM = "Фото: photos/tram.jpg | what the photo shows | caption | credit";

/**
 * The photo of one header value, or the problem with it. Fields are separated by `|`:
 * the file and its description are required, the caption and the credit may be left out
 * or empty (`tram.jpg | Трамвай на мосту | | Фото: Іван Петренко`).
 */
export function parsePhoto(
  value: string,
  file: string,
  line: number,
): { photo: ArticlePhoto } | { problem: Problem } {
  const fail = (message: string, hint: string) => ({ problem: { file, line, message, hint } });
  const [src = "", alt = "", caption = "", credit = "", ...rest] = value
    .split("|")
    .map((f) => f.trim());
  if (rest.length > 0)
    return fail(
      `the photo line has ${rest.length + 4} fields separated by "|", at most 4 are known`,
      `write ${PHOTO_FORM}`,
    );
  if (src === "") return fail("the photo line names no file", `write ${PHOTO_FORM}`);
  const why = whyNotAPhotoPath(src);
  if (why !== null)
    return fail(
      `the photo "${src}" ${why}`,
      "put the photo in the articles folder and name it relative to this article, e.g. photos/tram.jpg",
    );
  if (/\.svgz?$/i.test(src))
    return fail(
      `the photo "${src}" is an SVG, which vistka refuses: an SVG is a program as much as a picture and can carry scripts and outside requests`,
      "export it as a JPEG or PNG",
    );
  if (alt === "")
    return fail(
      `the photo "${src}" has no description for readers who cannot see it`,
      `say what the photo shows after the file: ${PHOTO_FORM}`,
    );
  return {
    photo: { src, alt, caption: caption || null, credit: credit || null, line },
  };
}

/**
 * Why `src` cannot name a photo inside the articles folder, or null when it can: no
 * absolute path, no drive, no URL, no `..` and no backslash (a Windows path would mean
 * another file on another system).
 */
export function whyNotAPhotoPath(src: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src))
    return "is an address or a drive, not a file in the articles folder";
  if (src.startsWith("/")) return "is an absolute path, and photos must be in the articles folder";
  if (src.includes("\\")) return 'has a backslash: separate folders with "/"';
  if (src.split("/").some((part) => part === ".."))
    return 'goes up a folder with "..", and photos must be in the articles folder, beside or below the article';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(src)) return "has a control character in its name";
  return null;
}

/**
 * The photo's path under the articles folder (`/`-separated, no `.` segments), from the
 * article's own path there; `src` has passed whyNotAPhotoPath.
 */
export function photoPath(articleRel: string, src: string): string {
  const slash = articleRel.lastIndexOf("/");
  const parts = slash < 0 ? [] : articleRel.slice(0, slash).split("/");
  for (const part of src.split("/")) if (part !== "" && part !== ".") parts.push(part);
  return parts.join("/");
}
