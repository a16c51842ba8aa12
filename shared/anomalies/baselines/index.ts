// Each caller's baseline as a profile, and its keeping between runs of the timer in Table storage.
export { callerKeyOf, objectFingerprint, pairKey, PairProfile, profilesFromAggregates, type CountSeries } from "./profile.ts";
export { decodeProfile, encodeProfile, ProfileFormatError } from "./codec.ts";
export { BaselineStore, type BaselineState, type LoadedBaseline, type ReadGap, type SaveStats } from "./store.ts";
export { readWithBaselines, type BaselineRead, type BaselineReadOptions } from "./incremental.ts";
