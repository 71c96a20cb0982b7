#!/usr/bin/env node
// The sample site's photos (articles/photos/*.jpg), drawn here from SVG shapes and encoded
// by sharp: made for this project, CC0 (see articles/photos/LICENSE.md). Run again to remake
// them: node scripts/sample-photos.js
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const OUT = fileURLToPath(new URL("../articles/photos/", import.meta.url));
const W = 1600;
const H = 1000;

/** Deterministic pseudo-random numbers, so the photos are the same every run. */
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const svg = (body) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${body}</svg>`;

function tram() {
  const r = random(7);
  let houses = "";
  for (let x = -20; x < W; x += 120 + Math.floor(r() * 60)) {
    const h = 260 + Math.floor(r() * 240);
    const w = 110 + Math.floor(r() * 50);
    const hue = Math.floor(20 + r() * 40);
    houses += `<rect x="${x}" y="${640 - h}" width="${w}" height="${h}" fill="hsl(${hue},35%,${55 + r() * 15}%)"/>`;
    for (let wy = 640 - h + 30; wy < 600; wy += 60)
      for (let wx = x + 15; wx < x + w - 25; wx += 35)
        houses += `<rect x="${wx}" y="${wy}" width="18" height="28" fill="hsl(45,70%,${r() > 0.5 ? 80 : 35}%)"/>`;
  }
  return svg(`
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="#f6b26b"/><stop offset="1" stop-color="#fde9c9"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#sky)"/>
<circle cx="1250" cy="220" r="90" fill="#fff3d6"/>
${houses}
<rect y="640" width="${W}" height="360" fill="#6d6a66"/>
<rect y="800" width="${W}" height="10" fill="#c9c4bb"/><rect y="850" width="${W}" height="10" fill="#c9c4bb"/>
<line x1="0" y1="420" x2="${W}" y2="420" stroke="#333" stroke-width="4"/>
<g transform="translate(330,470)">
<rect width="900" height="330" rx="40" fill="#c62828"/>
<rect y="220" width="900" height="40" fill="#f5f5f5"/>
${[0, 1, 2, 3, 4, 5].map((i) => `<rect x="${60 + i * 140}" y="50" width="110" height="130" rx="12" fill="#bfe3f5"/>`).join("")}
<rect x="0" y="0" width="900" height="24" rx="12" fill="#8e1b1b"/>
<line x1="450" y1="0" x2="520" y2="-50" stroke="#333" stroke-width="8"/>
<circle cx="150" cy="335" r="30" fill="#222"/><circle cx="750" cy="335" r="30" fill="#222"/>

</g>`);
}

function lights() {
  const r = random(11);
  let stars = "";
  for (let i = 0; i < 220; i++)
    stars += `<circle cx="${Math.floor(r() * W)}" cy="${Math.floor(r() * 600)}" r="${(r() * 2 + 0.5).toFixed(1)}" fill="#fff" opacity="${(0.4 + r() * 0.6).toFixed(2)}"/>`;
  return svg(`
<defs>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#050b1f"/><stop offset="1" stop-color="#12294a"/></linearGradient>
<linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#c2185b" stop-opacity="0"/><stop offset="0.45" stop-color="#7cf29a" stop-opacity="0.75"/><stop offset="1" stop-color="#2bd97f" stop-opacity="0"/></linearGradient>
<filter id="blur"><feGaussianBlur stdDeviation="30"/></filter>
</defs>
<rect width="${W}" height="${H}" fill="url(#sky)"/>
${stars}
<path d="M-100 520 C 200 200, 500 420, 800 250 S 1400 300, 1700 180 L 1700 420 C 1400 520, 1100 430, 800 520 S 200 560, -100 700 Z" fill="url(#g)" filter="url(#blur)"/>
<path d="M-100 450 C 300 300, 700 500, 1000 330 S 1500 380, 1700 300 L 1700 380 C 1400 450, 1000 420, 700 520 S 200 520, -100 560 Z" fill="url(#g)" filter="url(#blur)" opacity="0.7"/>
<path d="M0 780 L 220 620 L 420 760 L 640 560 L 900 780 L 1150 600 L 1380 760 L 1600 640 L 1600 1000 L 0 1000 Z" fill="#081120"/>
<path d="M0 880 Q 800 820 1600 900 L 1600 1000 L 0 1000 Z" fill="#0d1a2e"/>`);
}

function snow() {
  const r = random(5);
  let flakes = "";
  for (let i = 0; i < 400; i++)
    flakes += `<circle cx="${Math.floor(r() * W)}" cy="${Math.floor(r() * H)}" r="${(r() * 5 + 1.5).toFixed(1)}" fill="#fff" opacity="${(0.5 + r() * 0.5).toFixed(2)}"/>`;
  let trees = "";
  for (let x = 40; x < W; x += 170 + Math.floor(r() * 80)) {
    const h = 250 + Math.floor(r() * 150);
    trees += `<rect x="${x + 38}" y="${760 - 60}" width="24" height="80" fill="#4e342e"/><path d="M${x} 720 L ${x + 50} ${720 - h} L ${x + 100} 720 Z" fill="#2e5d4b"/><path d="M${x + 15} ${720 - h * 0.45} L ${x + 50} ${720 - h} L ${x + 85} ${720 - h * 0.45} Z" fill="#f4f7fb"/>`;
  }
  return svg(`
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#9fb3c8"/><stop offset="1" stop-color="#dfe7ef"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#sky)"/>
${trees}
<path d="M0 760 Q 400 700 800 760 T 1600 740 L 1600 1000 L 0 1000 Z" fill="#f4f7fb"/>
<rect x="700" y="560" width="22" height="300" fill="#37474f"/><circle cx="711" cy="550" r="26" fill="#ffe082"/>
${flakes}`);
}

mkdirSync(OUT, { recursive: true });
for (const [name, draw] of [
  ["tram.jpg", tram],
  ["northern-lights.jpg", lights],
  ["first-snow.jpg", snow],
]) {
  const file = path.join(OUT, name);
  await sharp(Buffer.from(draw())).jpeg({ quality: 72, mozjpeg: true }).toFile(file);
  console.log(file);
}
