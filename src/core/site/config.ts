/**
 * Site configuration: `vistka.config.json` overlaid by command-line options,
 * checked field by field (one table) so a mistake names the key and what is expected.
 */
import { SPLIT_MODES, type SplitMode } from "../article/split/split.js";
import { UserError } from "../shared/errors.js";
import type { Lang } from "../shared/strings.js";

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A field's check: the value to keep, or what was expected. */
type Check = (value: unknown) => { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown) => ({ ok: true as const, value });
const bad = (message: string) => ({ ok: false as const, message });
/** A string field: type first, then `rules` in order (the first that fails is said). */
const text =
  (trim: boolean, ...rules: [(v: string) => boolean, string][]): Check =>
  (value) => {
    if (typeof value !== "string") return bad("expected string");
    const v = trim ? value.trim() : value;
    for (const [test, message] of rules) if (!test(v)) return bad(message);
    return ok(v);
  };
const oneOf =
  (values: readonly string[], message: string): Check =>
  (value) =>
    typeof value === "string" && values.includes(value) ? ok(value) : bad(message);
const nonEmpty = (message: string): [(v: string) => boolean, string] => [
  (v) => v.length > 0,
  message,
];
const PAGE_SIZE = "expected a whole number from 1 to 1000";
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The warnings a newsroom may turn off, each on unless set to false. */
export interface WarningSettings {
  /** An article without a `Джерело:`/`Source:` header. */
  noSource: boolean;
}
const WARNING_DEFAULTS: WarningSettings = { noSource: true };
const WARNING_KEYS = Object.keys(WARNING_DEFAULTS);
/** `{"noSource": false}`: known keys, true or false; the rest stay on. */
const warningSettings: Check = (value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return bad(`expected an object such as {"noSource": false}`);
  for (const [key, on] of Object.entries(value)) {
    if (!WARNING_KEYS.includes(key))
      return bad(`unknown warning "${key}" (known: ${WARNING_KEYS.join(", ")})`);
    if (typeof on !== "boolean") return bad(`${key}: expected true or false`);
  }
  return ok({ ...WARNING_DEFAULTS, ...value });
};

// Hand-written rather than a schema library's: a dozen fields do not need one, and zod's import
// alone took 80 ms of every build's start (measured with Node 20).
const fields = {
  title: text(true, nonEmpty("expected a non-empty text")),
  description: text(true, nonEmpty("expected a non-empty text")),
  baseUrl: (value) => {
    const checked = text(
      true,
      // The URL parser would drop a tab or line break silently, and a line break written as
      // it is would start a line of its own in robots.txt: refused, never repaired.
      [(v) => !CONTROL.test(v), "expected a URL without control characters (tabs, line breaks)"],
      [
        (v) => /^https?:\/\/[^/\s?#]+/i.test(v) && URL.canParse(v),
        "expected an absolute http(s) URL such as https://example.org/news/",
      ],
      [(v) => !/[?#]/.test(v), "expected a URL without ? or #"],
    )(value);
    // As the URL parser writes it (host lowercased, spaces and non-ASCII %-encoded), so every
    // feed, sitemap and canonical link carries a valid URL.
    return checked.ok ? ok(new URL(checked.value as string).href) : checked;
  },
  lang: oneOf(["uk", "en"], 'expected "uk" or "en"'),
  timeZone: text(false, [isTimeZone, "expected an IANA time zone such as Europe/Kyiv"]),
  pageSize: (value) =>
    typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000
      ? ok(value)
      : bad(PAGE_SIZE),
  in: text(false, nonEmpty("expected a folder path")),
  out: text(false, nonEmpty("expected a folder path")),
  templates: text(false, nonEmpty("expected a folder path")),
  /** Where the briefs begin in files without bullets: `auto` finds them, `positional` does not. */
  split: oneOf(SPLIT_MODES, 'expected "auto" or "positional"'),
  warnings: warningSettings,
} satisfies Record<string, Check>;

export type ConfigKey = keyof typeof fields;
export const CONFIG_KEYS = Object.keys(fields) as ConfigKey[];

/** The settled configuration every command works from. */
export interface SiteConfig {
  title?: string;
  description?: string;
  /** Absolute, always ending in `/`. */
  baseUrl?: string;
  lang: Lang;
  timeZone: string;
  pageSize: number;
  in: string;
  out: string;
  templates?: string;
  /** `auto`: find the briefs in files without bullets (split.ts); `positional`: the format's rules only. */
  split: SplitMode;
  /** Which warnings are said (each on by default). */
  warnings: WarningSettings;
}

export const DEFAULTS = {
  lang: "uk",
  timeZone: "Europe/Kyiv",
  pageSize: 20,
  in: "articles",
  out: "dist",
  split: "auto",
  warnings: WARNING_DEFAULTS,
} as const;

export type PartialConfig = Partial<Record<ConfigKey, unknown>>;

/**
 * Validate the config file's object (`source` names the file) and the
 * command-line values (each named by its flag), then merge: flags win.
 * Throws a UserError with exit code 2 naming the key.
 */
export function resolveConfig(
  file: { source: string; value: unknown } | null,
  flags: PartialConfig,
  flagNames: Partial<Record<ConfigKey, string>> = {},
): SiteConfig {
  const fromFile: PartialConfig = {};
  if (file) {
    if (typeof file.value !== "object" || file.value === null || Array.isArray(file.value)) {
      throw new UserError(
        `${file.source}: expected a JSON object with keys such as "title" and "baseUrl"`,
        2,
      );
    }
    const given = file.value as Record<string, unknown>;
    // Each known key in order, then keys vistka does not know: the first mistake is said.
    for (const key of CONFIG_KEYS) {
      if (given[key] === undefined) continue;
      const checked = fields[key](given[key]);
      if (!checked.ok) throw new UserError(`${file.source}: ${key}: ${checked.message}`, 2);
      fromFile[key] = checked.value;
    }
    const unknown = Object.keys(given).filter((k) => !(CONFIG_KEYS as string[]).includes(k));
    if (unknown.length > 0) {
      const keys = unknown.map((k) => `"${k}"`).join(", ");
      throw new UserError(
        `${file.source}: unknown key ${keys} (known keys: ${CONFIG_KEYS.join(", ")})`,
        2,
      );
    }
  }
  const merged: PartialConfig = { ...fromFile };
  for (const key of CONFIG_KEYS) {
    const value = flags[key];
    if (value === undefined) continue;
    const checked = fields[key](value);
    if (!checked.ok) throw new UserError(`${flagNames[key] ?? `--${key}`}: ${checked.message}`, 2);
    merged[key] = checked.value;
  }
  const config = { ...DEFAULTS, ...merged } as SiteConfig;
  if (config.baseUrl && !config.baseUrl.endsWith("/")) config.baseUrl += "/";
  return config;
}
