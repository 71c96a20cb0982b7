/**
 * A model of a newsroom's articles folder and the operations editors do to it (edits,
 * additions, deletions, renames, editors' kinds of save, broken saves and fixes, folders
 * pasted in and removed), driven from a seed: the invariant tests of watch and of one-off
 * builds run the same sequences.
 */
import { truncateSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type ArticleSpec, articleText } from "../support/index.js";
import { save } from "./support.js";

const PLACES = ["Lviv", "Poltava", "Uzhhorod", "Chernihiv", "Kherson", "Rivne", "Sumy"];
const SUBJECTS = ["The council", "The hospital", "The museum", "The university", "The library"];
const VERBS = ["opened", "closed", "postponed", "announced", "finished", "began"];
const OBJECTS = ["a bridge repair", "a bus route", "a school contest", "an exhibition", "a park"];
const SOURCES = ["City Council", "Regional Office", "Newsroom", "Agency"];
const TAGS = ["city", "culture", "health", "sport", "transport", "schools"];
const AUTHORS = ["Iryna Koval", "Petro Bondar", "Olena Hrytsenko"];

export type Rand = () => number;
export const pick = <T>(rand: Rand, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)] as T;
export const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const two = (n: number) => String(n).padStart(2, "0");

export function sentence(rand: Rand): string {
  return `${pick(rand, SUBJECTS)} in ${pick(rand, PLACES)} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)} (${int(rand, 1, 9999)}).`;
}
function randomDate(rand: Rand): string {
  const day = `2024-${two(int(rand, 1, 6))}-${two(int(rand, 1, 28))}`;
  return rand() < 0.5 ? day : `${day}T${two(int(rand, 6, 22))}:${two(int(rand, 0, 59))}`;
}
/** An author, an update and corrections, each or none, as a newsroom adds them over time. */
function randomNewsroomHeaders(
  rand: Rand,
): Pick<ArticleSpec, "author" | "updated" | "corrections"> {
  return {
    ...(rand() < 0.5 ? { author: pick(rand, AUTHORS) } : {}),
    // After every random publication date (the first half of 2024).
    ...(rand() < 0.3
      ? { updated: `2024-07-${two(int(rand, 1, 28))}T${two(int(rand, 6, 22))}:00` }
      : {}),
    ...(rand() < 0.2 ? { corrections: [sentence(rand)] } : {}),
  };
}
function randomArticle(rand: Rand): ArticleSpec {
  const tags = [...new Set([pick(rand, TAGS), pick(rand, TAGS)])];
  return {
    headline: sentence(rand).replace(/\.$/, ""),
    source: pick(rand, SOURCES),
    date: randomDate(rand),
    ...randomNewsroomHeaders(rand),
    tags,
    body: Array.from({ length: int(rand, 1, 3) }, () => sentence(rand)),
    background: rand() < 0.3 ? [sentence(rand)] : [],
  };
}

interface FileState {
  spec: ArticleSpec;
  broken: boolean;
}

export type OpKind =
  | "editBody"
  | "editHeadline"
  | "editDate"
  | "editNewsroom"
  | "add"
  | "delete"
  | "rename"
  | "renameSave"
  | "vscodeSave"
  | "break"
  | "fix"
  | "addFolder"
  | "removeFolder";

/** A model of the articles folder and the operations that change it. */
export class Newsroom {
  readonly files = new Map<string, FileState>();
  private counter = 0;
  readonly log: string[] = [];

  constructor(
    readonly dir: string,
    readonly rand: Rand,
  ) {}

  private full(rel: string) {
    return path.join(this.dir, rel);
  }
  private newName(folder: string, date: string, word: string): string {
    this.counter++;
    const name = `${date.slice(0, 10)}-${word}-${this.counter}.txt`;
    return folder ? `${folder}/${name}` : name;
  }
  private text(state: FileState): string {
    return articleText(state.broken ? { ...state.spec, date: "2024-02-30" } : state.spec);
  }
  private folders(): string[] {
    return [...new Set([...this.files.keys()].map((k) => path.posix.dirname(k)))];
  }

  async seed(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const spec = randomArticle(this.rand);
      const rel = this.newName(i < count - 2 ? "" : "region", spec.date as string, "story");
      this.files.set(rel, { spec, broken: false });
      await mkdir(path.dirname(this.full(rel)), { recursive: true });
      save(this.full(rel), this.text({ spec, broken: false }));
    }
  }

  /** Files an operation may pick (not `busy`, and broken ones only when `broken`). */
  private choose(busy: Set<string>, broken: boolean | null = false): string | null {
    const options = [...this.files.entries()]
      .filter(([rel, s]) => !busy.has(rel) && (broken === null || s.broken === broken))
      .map(([rel]) => rel)
      .sort();
    return options.length ? pick(this.rand, options) : null;
  }

  /** Run one operation of `kind` on a file not in `busy`; returns the files it touched. */
  async run(kind: OpKind, busy: Set<string>): Promise<string[]> {
    const rand = this.rand;
    switch (kind) {
      case "editBody":
      case "editHeadline":
      case "editDate":
      case "editNewsroom":
      case "renameSave":
      case "vscodeSave": {
        const rel = this.choose(busy);
        if (!rel) return [];
        const state = this.files.get(rel) as FileState;
        const spec = { ...state.spec, body: [...state.spec.body] };
        if (kind === "editHeadline") spec.headline = sentence(rand).replace(/\.$/, "");
        else if (kind === "editDate") spec.date = randomDate(rand);
        else if (kind === "editNewsroom") {
          // A new author, update or corrections, or one of them taken away.
          const { author, updated, corrections } = spec;
          delete spec.author;
          delete spec.updated;
          delete spec.corrections;
          Object.assign(spec, randomNewsroomHeaders(rand));
          if (
            spec.author === author &&
            spec.updated === updated &&
            spec.corrections === corrections
          )
            spec.corrections = [sentence(rand)];
        } else {
          const i = int(rand, 0, spec.body.length);
          if (i === spec.body.length || rand() < 0.3) spec.body.push(sentence(rand));
          else spec.body[i] = sentence(rand);
        }
        state.spec = spec;
        if (kind === "renameSave") {
          const tmp = this.full(
            path.posix.join(path.posix.dirname(rel), `.${path.posix.basename(rel)}.tmp`),
          );
          save(tmp, this.text(state));
          await rename(tmp, this.full(rel));
        } else if (kind === "vscodeSave") {
          truncateSync(this.full(rel), 0);
          save(this.full(rel), this.text(state));
        } else save(this.full(rel), this.text(state));
        this.log.push(`${kind} ${rel}`);
        return [rel];
      }
      case "add": {
        const spec = randomArticle(rand);
        const rel = this.newName(
          pick(rand, this.folders()).replace(/^\.$/, ""),
          spec.date as string,
          "added",
        );
        const state = { spec, broken: false };
        this.files.set(rel, state);
        save(this.full(rel), this.text(state));
        this.log.push(`add ${rel}`);
        return [rel];
      }
      case "delete": {
        if (this.files.size <= 4) return [];
        const rel = this.choose(busy, null);
        if (!rel) return [];
        this.files.delete(rel);
        await rm(this.full(rel));
        this.log.push(`delete ${rel}`);
        return [rel];
      }
      case "rename": {
        const rel = this.choose(busy, null);
        if (!rel) return [];
        const state = this.files.get(rel) as FileState;
        const folder = pick(rand, this.folders()).replace(/^\.$/, "");
        const to = this.newName(folder, randomDate(rand), "renamed");
        this.files.delete(rel);
        this.files.set(to, state);
        await rename(this.full(rel), this.full(to));
        this.log.push(`rename ${rel} -> ${to}`);
        return [rel, to];
      }
      case "break": {
        const rel = this.choose(busy);
        if (!rel) return [];
        const state = this.files.get(rel) as FileState;
        state.broken = true;
        save(this.full(rel), this.text(state));
        this.log.push(`break ${rel}`);
        return [rel];
      }
      case "fix": {
        const rel = this.choose(busy, true);
        if (!rel) return [];
        await this.fix(rel);
        return [rel];
      }
      case "addFolder": {
        this.counter++;
        const folder = `batch-${this.counter}`;
        const written: string[] = [];
        await mkdir(this.full(folder));
        for (let i = 0; i < 2; i++) {
          const spec = randomArticle(rand);
          const rel = this.newName(folder, spec.date as string, "pasted");
          const state = { spec, broken: false };
          this.files.set(rel, state);
          save(this.full(rel), this.text(state));
          written.push(rel);
        }
        this.log.push(`addFolder ${folder} (${written.join(", ")})`);
        return written;
      }
      case "removeFolder": {
        const folder = this.folders().find((f) => f.startsWith("batch-"));
        if (!folder) return [];
        const inside = [...this.files.keys()].filter((k) => k.startsWith(`${folder}/`));
        if (inside.some((k) => busy.has(k)) || this.files.size - inside.length < 4) return [];
        for (const k of inside) this.files.delete(k);
        await rm(this.full(folder), { recursive: true });
        this.log.push(`removeFolder ${folder}`);
        return inside;
      }
    }
  }

  async fix(rel: string): Promise<void> {
    const state = this.files.get(rel) as FileState;
    state.broken = false;
    state.spec = { ...state.spec, body: [...state.spec.body, sentence(this.rand)] };
    save(this.full(rel), this.text(state));
    this.log.push(`fix ${rel}`);
  }

  brokenFiles(): string[] {
    return [...this.files].filter(([, s]) => s.broken).map(([rel]) => rel);
  }
}

// ---------------------------------------------------------------------------

export const OPS: OpKind[] = [
  "editBody",
  "editHeadline",
  "editDate",
  "editNewsroom",
  "add",
  "delete",
  "rename",
  "renameSave",
  "vscodeSave",
  "break",
  "fix",
  "addFolder",
  "removeFolder",
];
