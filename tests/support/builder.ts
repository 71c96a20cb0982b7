/**
 * A SiteBuilder as `vistka build` or `watch` makes one, for tests that drive the pipeline in
 * process: the articles in `root/articles`, the site into `out`, the defaults of a config
 * file with nothing in it but what `config` and `options` say.
 */
import path from "node:path";
import type { SiteConfig } from "../../src/core/site/config.js";
import { type BuilderOptions, SiteBuilder } from "../../src/pipeline/builder.js";

export function testBuilder(
  root: string,
  out: string,
  config: Partial<SiteConfig> = {},
  options: Partial<BuilderOptions> = {},
): SiteBuilder {
  return new SiteBuilder(
    {
      lang: "uk",
      timeZone: "Europe/Kyiv",
      pageSize: 20,
      in: path.join(root, "articles"),
      out,
      split: "auto",
      warnings: { noSource: true },
      ...config,
    },
    {
      cwd: root,
      drafts: false,
      force: false,
      generator: { name: "vistka", version: "test" },
      ...options,
    },
  );
}
