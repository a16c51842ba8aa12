import { BlastRadiusBreaker } from "./breaker.ts";
import { needsWrite, type FixGuard } from "./pipeline.ts";

/** The fixes count against the blast-radius breaker; past its limits they become tickets and one alert is raised per window. */
export const blastRadius: FixGuard = {
  name: "blastRadius",
  async run(pass, next) {
    const needed = pass.fixes.filter(needsWrite);
    const verdict = await new BlastRadiusBreaker(pass.ledger.counters, pass.limits).reserve(pass.subscriptionId, needed.length, needed[0]!.control.stage, pass.now);
    if (verdict.ok) return next();
    for (const f of pass.fixes) pass.ticket(f, { reason: verdict.reason });
    if (verdict.alert) pass.result.alert = verdict.alert;
  },
};
