import { needsWrite, type FixGuard } from "./pipeline.ts";

/** A sweep's first pass: the fixes that would write are noted as due, and none is applied. */
export const planOnly: FixGuard = {
  name: "planOnly",
  async run(pass, next) {
    if (!pass.planOnly) return next();
    pass.result.due.push(...pass.fixes.filter(needsWrite).map((f) => f.control.id));
  },
};
