import { needsWrite, writeFixes, type FixGuard } from "./pipeline.ts";

/**
 * A dry run, or fixes that are all in place already (a replay, our own write's event): they
 * are recorded as planned or already compliant without taking a lease or counting against
 * the breaker, since nothing will be written.
 */
export const nothingToWrite: FixGuard = {
  name: "nothingToWrite",
  async run(pass, next) {
    if (pass.dryRun || !pass.fixes.some(needsWrite)) return writeFixes(pass);
    return next();
  },
};
