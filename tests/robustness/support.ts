/**
 * Plumbing for the robustness tests: byte encoders for the legacy encodings
 * the decoder must accept (TextEncoder only writes UTF-8), and a CLI runner
 * that controls the environment (TZ, LANG, SOURCE_DATE_EPOCH) and can run the
 * build as another user (for permission tests when the suite runs as root).
 */
import { execFile, spawnSync } from "node:child_process";
import { BIN } from "../cli/helpers.js";

// ---------------------------------------------------------------------------
// Encoders

/** Windows-1251 bytes of the non-ASCII characters Ukrainian news text uses. */
const CP1251: Record<string, number> = {
  Ё: 0xa8,
  ё: 0xb8,
  Є: 0xaa,
  є: 0xba,
  Ї: 0xaf,
  ї: 0xbf,
  І: 0xb2,
  і: 0xb3,
  Ґ: 0xa5,
  ґ: 0xb4,
  "„": 0x84,
  "…": 0x85,
  "•": 0x95,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
  "\u00a0": 0xa0,
  "«": 0xab,
  "»": 0xbb,
  "№": 0xb9,
  "°": 0xb0,
};

/** Encode `text` as Windows-1251; throws on a character the table does not cover. */
export function encodeCp1251(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    // А..я are one block in both Unicode (U+0410..U+044F) and Windows-1251 (0xC0..0xFF).
    else if (cp >= 0x410 && cp <= 0x44f) out.push(cp - 0x410 + 0xc0);
    else {
      const b = CP1251[ch];
      if (b === undefined) throw new Error(`no Windows-1251 byte for U+${cp.toString(16)}`);
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

/** Latin-1 (ISO 8859-1) bytes; throws on a character above U+00FF. */
export function encodeLatin1(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp > 0xff) throw new Error(`no Latin-1 byte for U+${cp.toString(16)}`);
    out.push(cp);
  }
  return Uint8Array.from(out);
}

const utf8 = new TextEncoder();

export function encodeUtf8(text: string, bom = false): Uint8Array {
  const body = utf8.encode(text);
  return bom ? concat([0xef, 0xbb, 0xbf], body) : body;
}

/** UTF-16 with its byte-order mark, as Windows "Unicode" editors save. */
export function encodeUtf16(text: string, order: "le" | "be"): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const hi = unit >> 8;
    const lo = unit & 0xff;
    out[2 + 2 * i] = order === "le" ? lo : hi;
    out[3 + 2 * i] = order === "le" ? hi : lo;
  }
  return out;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const chunks = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A small deterministic generator (mulberry32), so "random" bytes are the same every run. */
export function seededBytes(seed: number, length: number, min: number, max: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = min + Math.floor(r * (max - min + 1));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Running the CLI

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables to set (a value of undefined removes an inherited one). */
  env?: Record<string, string | undefined>;
  /** Run as this user through `runuser -u USER --` (only when the suite runs as root). */
  user?: string;
  timeoutMs?: number;
}

/**
 * Run `node bin/vistka.js ...args` in `cwd`. SOURCE_DATE_EPOCH is never
 * inherited from the caller's shell. Never rejects on a non-zero exit; a
 * timeout (a hang) rejects, so a test that hangs fails with a clear message.
 */
export function vistka(args: string[], cwd: string, options: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    SOURCE_DATE_EPOCH: undefined,
    ...options.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const [cmd, argv] = options.user
    ? ["runuser", ["-u", options.user, "--", process.execPath, BIN, ...args]]
    : [process.execPath, [BIN, ...args]];
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      argv,
      {
        cwd,
        encoding: "utf8",
        timeout: options.timeoutMs ?? 30_000,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
        env: env as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          const why = error.killed ? "timed out (hung?)" : error.message;
          reject(new Error(`vistka ${args.join(" ")} did not finish: ${why}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** True when the suite runs as root and `runuser` is available to drop to another user. */
export function canDropPrivileges(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = spawnSync("runuser", ["-u", "nobody", "--", "true"], { timeout: 5_000 });
  return probe.status === 0;
}

/** The lines of stderr that start with `prefix` (e.g. `error: `). */
export function linesStarting(stderr: string, prefix: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith(prefix));
}
