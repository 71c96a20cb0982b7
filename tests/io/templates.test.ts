/**
 * Compiled templates in the build cache (src/io/templates.ts): a build whose template
 * sources are the last build's takes Handlebars' code for them from the cache instead of
 * compiling them again; other sources are compiled, and their errors said, as ever.
 */
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/shared/errors.js";
import type { Store } from "../../src/core/shared/store.js";
import { loadTemplates } from "../../src/io/templates.js";
import { REPO, removeTempDirs, tempDir } from "../support/index.js";

afterAll(removeTempDirs);

function memoryStore(): Store & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}

const CONTEXT = {
  site: { title: "Т", lang: "uk", strings: {} },
  page: { kind: "notFound", path: "404.html", root: "", title: "Т", heading: "Немає", sig: "" },
};

describe("compiled templates in the build cache", () => {
  it("are taken from it for the same sources, and made again for others", async () => {
    const store = memoryStore();
    const first = await loadTemplates(undefined, REPO, store);
    const stored = store.values.get("templates");
    expect(stored).toBeDefined();
    const page = first.templates.pages.notFound.render(CONTEXT);
    expect(page).toContain("Немає");

    // The stored code is what the next load runs: changed in the store, the page shows it.
    store.values.set("templates", (stored as string).replaceAll("<h1", "<h1 data-from-cache"));
    const again = await loadTemplates(undefined, REPO, store);
    expect(again.templates.sig).toBe(first.templates.sig);
    expect(again.templates.pages.notFound.render(CONTEXT)).toContain("data-from-cache");

    // Other sources (a site's own 404 template): compiled from them, and stored instead.
    const own = await tempDir("templates-store");
    await writeFile(path.join(own, "404.hbs"), "<h1 class=own>{{page.heading}}</h1>");
    const mine = await loadTemplates(own, REPO, store);
    expect(mine.templates.sig).not.toBe(first.templates.sig);
    expect(mine.templates.pages.notFound.render(CONTEXT)).toContain("<h1 class=own>Немає");
    expect(store.values.get("templates")).not.toBe(stored);
  });

  it("say a syntax error of changed sources, whatever the store holds", async () => {
    const store = memoryStore();
    await loadTemplates(undefined, REPO, store);
    const own = await tempDir("templates-broken");
    await cp(path.join(REPO, "templates", "404.hbs"), path.join(own, "404.hbs"));
    await writeFile(path.join(own, "404.hbs"), "<h1>{{#if page}}</h1>");
    const error = await loadTemplates(own, own, store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^404\.hbs:1: template syntax error/);
  });

  it("are not taken from a value that is not what it stores", async () => {
    const store = memoryStore();
    const first = await loadTemplates(undefined, REPO, store);
    for (const damaged of ["{", "[]", JSON.stringify({ sig: first.templates.sig, specs: [1] })]) {
      store.values.set("templates", damaged);
      const t = await loadTemplates(undefined, REPO, store);
      expect(t.templates.pages.notFound.render(CONTEXT)).toContain("Немає");
      expect(store.values.get("templates")).not.toBe(damaged);
    }
  });
});

describe("templates set up once for every page", () => {
  it("deny what is not the data's own on every call, partials' calls in between", async () => {
    const own = await tempDir("templates-setup");
    await mkdir(path.join(own, "partials"));
    await writeFile(
      path.join(own, "partials", "note.hbs"),
      "<p>{{page.heading}}:{{page.inherited}}</p>",
    );
    await writeFile(
      path.join(own, "404.hbs"),
      "<h1>{{page.heading}}</h1>[{{page.inherited}}][{{page.constructor.name}}]{{> note}}",
    );
    const { templates } = await loadTemplates(own, own);
    for (const heading of ["Немає", "Ще раз", "Утретє"]) {
      const page = Object.assign(Object.create({ inherited: "LEAK" }), { heading });
      expect(templates.pages.notFound.render({ ...CONTEXT, page })).toBe(
        `<h1>${heading}</h1>[][]<p>${heading}:</p>`,
      );
    }
  });

  it("say an unknown helper on every call, not only the first", async () => {
    const own = await tempDir("templates-setup-helper");
    await writeFile(path.join(own, "404.hbs"), "<h1>{{shout page.heading}}</h1>");
    const { templates } = await loadTemplates(own, own);
    for (let call = 0; call < 3; call++)
      expect(() => templates.pages.notFound.render(CONTEXT)).toThrow(/unknown helper "shout"/);
  });
});
