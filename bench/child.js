// Runs one vistka command in this process and reports its wall time and peak memory
// (what `npm run bench` measures), as one JSON line on stderr after the command's own output.
import { main } from "../lib/app/main.js";

const started = performance.now();
const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
const ms = performance.now() - started;
process.stderr.write(
  `\nBENCH ${JSON.stringify({ code, ms, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
process.exitCode = code;
