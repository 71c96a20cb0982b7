#!/usr/bin/env node
// The installed command: hands the real process to main() and sets the exit code.
import { main } from "../lib/main.js";

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
