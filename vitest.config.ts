import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * What needs processes, a browser, the corpus or a long random sequence: the `slow` project.
 * `npm run test:fast` leaves it out, for the edit–test loop; `npm test` runs everything.
 */
const SLOW = [
  "tests/browser/**/*.test.ts",
  "tests/watch/**/*.test.ts",
  "tests/package/**/*.test.ts",
  "tests/security/browser.test.ts",
  // Processes racing, killed, or run with their own time zone, HOME or user.
  "tests/cli/concurrency.test.ts",
  // Which modules a build process loads (a module hook in the process).
  "tests/cli/up-to-date-loads.test.ts",
  "tests/io/lock.test.ts",
  "tests/io/output-failure.test.ts",
  "tests/safety/atomic.test.ts",
  "tests/safety/output-guard.test.ts",
  "tests/robustness/determinism.test.ts",
  "tests/robustness/files.test.ts",
  // A fresh process after each of a random sequence of changes; thousands of random inputs.
  "tests/pipeline/build-invariant.test.ts",
  "tests/robustness/property.test.ts",
  // Photos: a 50-megapixel one measured by /usr/bin/time, watch, every kind of photo change.
  "tests/photos/big.test.ts",
  "tests/photos/watch.test.ts",
  "tests/photos/invariant.test.ts",
  // The real corpus (skipped, with one line, without ../shared/corpus).
  "tests/split/corpus-*.test.ts",
  "tests/site/corpus-site.test.ts",
  "tests/search/recall.test.ts",
  "tests/search/size.test.ts",
];
/** The CLI, in this process through main(argv, io): whole builds, checked file by file. */
const CLI = [
  "tests/cli/**/*.test.ts",
  "tests/site/**/*.test.ts",
  "tests/safety/**/*.test.ts",
  "tests/security/**/*.test.ts",
  "tests/robustness/**/*.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default leaves a core idle on a 2-core machine; the tests wait for events, not
    // for time, so they hold with both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The JSON report feeds the plain "N passed, N failed" line that .ci/run prints.
    reporters: ["default", ["json", { outputFile: "test-output/vitest.json" }]],
    projects: [
      // Everything else (parser, site model, render, search, config, io): a new folder lands here.
      {
        extends: true,
        test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: [...CLI, ...SLOW] },
      },
      { extends: true, test: { name: "cli", include: CLI, exclude: SLOW } },
      { extends: true, test: { name: "slow", include: SLOW } },
    ],
  },
});
