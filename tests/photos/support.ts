/** Photos made at test time with sharp (none is committed), and articles that show them. */
import sharp, { type Sharp } from "sharp";

/** A JPEG `width` × `height` of a colour gradient with a shape, different per `seed`. */
export async function makeJpeg(
  width: number,
  height: number,
  seed = 1,
  edit: (image: Sharp) => Sharp = (i) => i,
): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g"><stop offset="0" stop-color="hsl(${seed * 47},60%,40%)"/><stop offset="1" stop-color="hsl(${seed * 47 + 90},60%,70%)"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>
<circle cx="${width / 3}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#fff" opacity="0.6"/></svg>`;
  return edit(sharp(Buffer.from(svg)))
    .jpeg({ quality: 70 })
    .toBuffer();
}

/** An article text with `photoLines` as its header lines. */
export function articleWith(headline: string, date: string, photoLines: string[]): string {
  return `${headline}\n\nДжерело: Міська рада\nДата: ${date}\nТеги: місто\n${photoLines.join("\n")}\n\nПерший абзац новини про ${headline.toLowerCase()}.\n\nДругий абзац новини.\n`;
}
