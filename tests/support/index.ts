/**
 * What every test folder shares: where things are (repo.ts), running vistka (cli.ts),
 * throw-away folders (temp.ts), pages as element trees (html.ts), article files
 * (articles.ts) and seeded randomness (random.ts).
 */
export * from "./articles.js";
export * from "./cli.js";
export * from "./html.js";
export * from "./random.js";
export * from "./repo.js";
export * from "./temp.js";
