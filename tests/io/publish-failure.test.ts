/**
 * A rebuild that fails half-way (a template error on some pages) has already
 * replaced the pages rendered before it: the next rebuild must not trust the
 * manifest for them. Here the template is put back as it was, and dist/ must be
 * a clean build again, not keep the half-published pages.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { testBuilder } from "../support/builder.js";

const LAYOUT = fileURLToPath(new URL("../../templates/layout.hbs", import.meta.url));

function builder(root: string, out: string) {
  return testBuilder(root, out, { templates: path.join(root, "templates") });
}

it("a template error half-way, then the template put back: dist/ is a clean build again", async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "vistka-publish-failure-"));
  mkdirSync(path.join(root, "articles"));
  mkdirSync(path.join(root, "templates"));
  const layout = readFileSync(LAYOUT, "utf8");
  const layoutFile = path.join(root, "templates", "layout.hbs");
  writeFileSync(layoutFile, layout);
  for (let i = 1; i <= 3; i++) {
    writeFileSync(
      path.join(root, "articles", `2024-06-0${i}-novyna-${i}.txt`),
      `Новина номер ${i}\n\nДжерело: Редакція\nТекст новини ${i}.\n`,
    );
  }
  const dist = path.join(root, "dist");
  const watch = builder(root, dist);
  await watch.scan();
  await watch.rebuild("watch", true);

  // Every page gets a mark; article pages (rendered after the index) fail on a missing helper.
  expect(layout).toContain("<body");
  writeFileSync(
    layoutFile,
    layout.replace(/<body([^>]*)>/, "<body$1>MARK{{#if article}}{{no-such-helper 1}}{{/if}}"),
  );
  watch.reloadTemplates();
  await expect(watch.rebuild("watch", true)).rejects.toThrow(/no-such-helper/);
  expect(readFileSync(path.join(dist, "index.html"), "utf8")).toContain("MARK");

  writeFileSync(layoutFile, layout);
  watch.reloadTemplates();
  await watch.rebuild("watch", true);

  const clean = path.join(root, "clean");
  const fresh = builder(root, clean);
  await fresh.scan();
  await fresh.rebuild("build", true);
  for (const file of ["index.html", "novyna-1/index.html"]) {
    expect(readFileSync(path.join(dist, file), "utf8"), file).toBe(
      readFileSync(path.join(clean, file), "utf8"),
    );
  }
  // The same files and signatures (a one-off build also records what it was made from), once
  // watch wrote the manifest its saves leave for later.
  watch.writeManifest();
  const files = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, ".vistka-manifest.json"), "utf8")).files;
  expect(files(dist)).toEqual(files(clean));
  rmSync(root, { recursive: true, force: true });
});
