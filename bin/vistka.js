#!/usr/bin/env node
// The installed command: hands the real process to main() and sets the exit code.
import { main } from "../lib/app/main.js";

let stop;
const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  // Long-running commands (watch, serve) ask for this; Ctrl-C and SIGTERM then stop them cleanly.
  stop: () => {
    if (!stop) {
      const controller = new AbortController();
      process.once("SIGINT", () => controller.abort());
      process.once("SIGTERM", () => controller.abort());
      stop = controller.signal;
    }
    return stop;
  },
});
process.exitCode = code;
