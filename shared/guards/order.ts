import { blastRadius } from "./blastRadius.ts";
import { exceptionMarks } from "./exceptionMarks.ts";
import { nothingToWrite } from "./nothingToWrite.ts";
import type { FixGuard } from "./pipeline.ts";
import { planOnly } from "./planOnly.ts";
import { writeLease } from "./writeLease.ts";

/**
 * The checks every fix passes, in this order: exception marks and drift turn fixes into tickets
 * (and count the applied ones afterwards); a sweep's first pass only notes what is due; a dry
 * run or a fix already in place is recorded without a lease; the write lease and the re-read
 * under it keep two runs from writing one document; the blast-radius breaker caps fixes per
 * window. A sweep's share cap (sweepShare.ts) is asked once for a whole sweep's plan, between
 * its first pass and its fixes.
 */
export const FIX_GUARDS: readonly FixGuard[] = [exceptionMarks, planOnly, nothingToWrite, writeLease, blastRadius];
