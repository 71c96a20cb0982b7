/**
 * Site configuration: `vistka.config.json` overlaid by command-line options,
 * validated by one schema so a mistake names the key and what is expected.
 */
import { z } from "zod";
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

const fields = {
  title: z.string().trim().min(1, "expected a non-empty text"),
  description: z.string().trim().min(1, "expected a non-empty text"),
  baseUrl: z
    .string()
    .refine((v) => /^https?:\/\/[^/\s?#]+/i.test(v) && URL.canParse(v), {
      message: "expected an absolute http(s) URL such as https://example.org/news/",
    })
    .refine((v) => !/[?#]/.test(v), { message: "expected a URL without ? or #" }),
  lang: z.enum(["uk", "en"], { error: 'expected "uk" or "en"' }),
  timeZone: z
    .string()
    .refine(isTimeZone, { message: "expected an IANA time zone such as Europe/Kyiv" }),
  pageSize: z
    .number({ error: "expected a whole number from 1 to 1000" })
    .int("expected a whole number from 1 to 1000")
    .min(1, "expected a whole number from 1 to 1000")
    .max(1000, "expected a whole number from 1 to 1000"),
  in: z.string().min(1, "expected a folder path"),
  out: z.string().min(1, "expected a folder path"),
  templates: z.string().min(1, "expected a folder path"),
  /** Where the briefs begin in files without bullets: `auto` finds them, `positional` does not. */
  split: z.enum(SPLIT_MODES, { error: 'expected "auto" or "positional"' }),
} as const;

export type ConfigKey = keyof typeof fields;
export const CONFIG_KEYS = Object.keys(fields) as ConfigKey[];

const fileSchema = z.strictObject(fields).partial();

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
}

export const DEFAULTS = {
  lang: "uk",
  timeZone: "Europe/Kyiv",
  pageSize: 20,
  in: "articles",
  out: "dist",
  split: "auto",
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
  let fromFile: PartialConfig = {};
  if (file) {
    if (typeof file.value !== "object" || file.value === null || Array.isArray(file.value)) {
      throw new UserError(
        `${file.source}: expected a JSON object with keys such as "title" and "baseUrl"`,
        2,
      );
    }
    const parsed = fileSchema.safeParse(file.value);
    if (!parsed.success) throw configError(file.source, parsed.error.issues[0]);
    fromFile = parsed.data;
  }
  const merged: PartialConfig = { ...fromFile };
  for (const key of CONFIG_KEYS) {
    const value = flags[key];
    if (value === undefined) continue;
    const parsed = fields[key].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(
        `${flagNames[key] ?? `--${key}`}: ${issue?.message ?? "invalid value"}`,
        2,
      );
    }
    merged[key] = parsed.data;
  }
  const config = { ...DEFAULTS, ...merged } as SiteConfig;
  if (config.baseUrl && !config.baseUrl.endsWith("/")) config.baseUrl += "/";
  return config;
}

function configError(source: string, issue: z.core.$ZodIssue | undefined): UserError {
  if (!issue) return new UserError(`${source}: invalid configuration`, 2);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    return new UserError(
      `${source}: unknown key ${keys} (known keys: ${CONFIG_KEYS.join(", ")})`,
      2,
    );
  }
  const key = issue.path.join(".");
  let message = issue.message;
  if (issue.code === "invalid_type" && !message.startsWith("expected"))
    message = `expected ${issue.expected}`;
  return new UserError(`${source}: ${key}: ${message}`, 2);
}
