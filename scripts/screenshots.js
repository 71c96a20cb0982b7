#!/usr/bin/env node
// Screenshots of built pages in Debian's Chromium, for docs/ and for a person to look at.
// Usage: node scripts/screenshots.js OUTDIR PAGE[=NAME] ... [--width 1280] [--height 900] [--full]
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const width = Number(flag("--width", "1280"));
const height = Number(flag("--height", "900"));
const scheme = flag("--scheme", "light");
const full = args.includes("--full");
const [outDir, ...pages] = args.filter((a) => a !== "--full");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
for (const spec of pages) {
  const [file, name] = spec.split("=");
  await page.goto(pathToFileURL(path.resolve(file)).href);
  const png = path.join(outDir, `${name ?? path.basename(path.dirname(file))}.png`);
  await page.screenshot({ path: png, fullPage: full });
  console.log(png);
}
await browser.close();
