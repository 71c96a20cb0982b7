/**
 * SiteBuilder.prepareForEdits, which watch runs after its first build: it writes nothing, and
 * the saves after it (a headline edit shown on list and term pages, a body edit) give the
 * site a clean build gives.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { testBuilder } from "../support/builder.js";
import { removeTempDirs, tempDirSync } from "../support/temp.js";

afterAll(removeTempDirs);

function builder(root: string, out: string) {
  return testBuilder(
    root,
    out,
    { pageSize: 3, baseUrl: "https://example.org/news/" },
    { referenceTime: Date.UTC(2024, 6, 1) },
  );
}

/** Every file under `dir`: relative path → its bytes and modification time. */
function snapshot(dir: string): Map<string, { text: string; mtime: number }> {
  const out = new Map<string, { text: string; mtime: number }>();
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    const st = statSync(full);
    if (st.isFile()) out.set(rel, { text: readFileSync(full, "utf8"), mtime: st.mtimeMs });
  }
  return out;
}

const texts = (snap: Map<string, { text: string }>) =>
  new Map([...snap].filter(([rel]) => !rel.startsWith(".vistka")).map(([k, v]) => [k, v.text]));

async function cleanBuild(root: string, name: string): Promise<Map<string, string>> {
  const out = path.join(root, name);
  const fresh = builder(root, out);
  await fresh.scan();
  await fresh.rebuild("build", true);
  return texts(snapshot(out));
}

it("writes nothing, and the saves after it give what a clean build gives", async () => {
  const root = tempDirSync("prepare");
  mkdirSync(path.join(root, "articles"));
  const file = (i: number) => path.join(root, "articles", `2024-06-${10 + i}-novyna-${i}.txt`);
  const text = (i: number, headline = `Новина номер ${i}`, body = `Текст новини ${i}.`) =>
    `${headline}\n\nДжерело: Редакція ${i % 3}\nДата: 2024-06-${10 + i}\nТеги: тема ${i % 2}\n${body}\n`;
  for (let i = 1; i <= 10; i++) writeFileSync(file(i), text(i));
  const dist = path.join(root, "dist");
  const watch = builder(root, dist);

  // Before anything is published it does nothing.
  await watch.prepareForEdits();
  expect(() => statSync(dist)).toThrow();

  await watch.scan();
  await watch.rebuild("watch", true);
  const before = snapshot(dist);
  await watch.prepareForEdits();
  expect(snapshot(dist)).toEqual(before);

  // A headline shown on the front page, its source's and its tag's pages.
  writeFileSync(file(4), text(4, "Новий заголовок четвертої"));
  await watch.update([file(4)]);
  await watch.rebuild("watch", true);
  expect(texts(snapshot(dist))).toEqual(await cleanBuild(root, "clean-1"));
  // (On a page of the front page's, of its source's and of its tag's, and its own.)
  const showing = [...texts(snapshot(dist))].filter(
    ([rel, t]) => rel.endsWith(".html") && t.includes("Новий заголовок четвертої"),
  );
  expect(showing.map(([rel]) => rel.split("/")[0])).toEqual(
    expect.arrayContaining(["page", "sources", "tags", "novyna-4"]),
  );

  // A body edit.
  writeFileSync(file(7), text(7, undefined, "Інший текст сьомої."));
  await watch.update([file(7)]);
  await watch.rebuild("watch", true);
  expect(texts(snapshot(dist))).toEqual(await cleanBuild(root, "clean-2"));
});

it("takes in nothing it reads: a file changed before it is seen only once watch reports it", async () => {
  const root = tempDirSync("prepare");
  mkdirSync(path.join(root, "articles"));
  // The first file in path order: the one it reads and renders for nothing (warmUp).
  const first = path.join(root, "articles", "a-persha.txt");
  const text = (headline: string) =>
    `${headline}\n\nДжерело: Редакція\nДата: 2024-06-10\nТекст першої.\n`;
  writeFileSync(first, text("Перший заголовок"));
  writeFileSync(
    path.join(root, "articles", "b-druha.txt"),
    "Друга новина\n\nДжерело: Редакція\nДата: 2024-06-11\nТекст другої.\n",
  );
  const dist = path.join(root, "dist");
  const watch = builder(root, dist);
  await watch.scan();
  await watch.rebuild("watch", true);
  writeFileSync(first, text("Змінений заголовок"));
  await watch.prepareForEdits();
  await watch.rebuild("watch", true);
  const site = [...texts(snapshot(dist)).values()].join("\n");
  expect(site).toContain("Перший заголовок");
  expect(site).not.toContain("Змінений заголовок");
  // Once reported, the change is published.
  await watch.update([first]);
  await watch.rebuild("watch", true);
  expect([...texts(snapshot(dist)).values()].join("\n")).toContain("Змінений заголовок");
});
