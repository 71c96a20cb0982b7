/** Find and read `vistka.config.json`; validation is core/site/config.ts's job. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/shared/errors.js";
import {
  type ConfigKey,
  type PartialConfig,
  resolveConfig,
  type SiteConfig,
} from "../core/site/config.js";

export const CONFIG_FILE = "vistka.config.json";

/** Keys whose values are folders: relative ones are read from the config file's folder. */
const PATH_KEYS: ConfigKey[] = ["in", "out", "templates"];

/**
 * Load the config (`explicit` from --config, else `vistka.config.json` in `cwd`
 * when it exists), overlay the command-line flags, and validate.
 * Folder paths in the result are absolute.
 */
export async function loadConfig(
  cwd: string,
  explicit: string | undefined,
  flags: PartialConfig,
  flagNames: Partial<Record<ConfigKey, string>>,
): Promise<SiteConfig & { configFile: string | null; fromFile: ConfigKey[] }> {
  const file = path.resolve(cwd, explicit ?? CONFIG_FILE);
  const shown = explicit ?? CONFIG_FILE;
  let text: string | null = null;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit || code !== "ENOENT") {
      throw new UserError(
        `${shown}: cannot read the config file (${code === "ENOENT" ? "no such file" : code})`,
        2,
      );
    }
  }
  let value: unknown = null;
  if (text !== null) {
    try {
      value = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      const message = (error as Error).message;
      const pos = /position (\d+)/.exec(message)?.[1];
      const line = pos === undefined ? "" : `:${text.slice(0, +pos).split("\n").length}`;
      throw new UserError(`${shown}${line}: invalid JSON (${message.split("\n")[0]})`, 2);
    }
  }
  const config = resolveConfig(text === null ? null : { source: shown, value }, flags, flagNames);
  const base = text === null ? cwd : path.dirname(file);
  for (const key of PATH_KEYS) {
    const v = config[key as "in" | "out" | "templates"];
    if (v === undefined) continue;
    // Flags are relative to where the command runs; config values to the config file.
    (config as unknown as Record<string, string>)[key] = path.resolve(
      flags[key] !== undefined ? cwd : base,
      v,
    );
  }
  // Which settings the file gave (and no flag overrode): messages name them as its keys.
  const given = text !== null && typeof value === "object" && value !== null ? value : {};
  const fromFile = (Object.keys(given) as ConfigKey[]).filter((k) => flags[k] === undefined);
  return { ...config, configFile: text === null ? null : file, fromFile };
}
