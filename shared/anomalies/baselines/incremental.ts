import { digest } from "../../store/keys.ts";
import type { ActivityInput } from "../activity.ts";
import { mergeOperations } from "../administrative.ts";
import { floorHour, HOUR_MS, type HourlyAggregate } from "../aggregate.ts";
import { fetchKeyAccessAggregates, type CoverageGap, type FetchOptions, type FetchResult, type LogsQueryRunner } from "../logAnalytics.ts";
import type { AnalysisPeriod } from "../period.ts";
import { keyAccessQuery } from "../queries.ts";
import { LOG_TABLE_NAMES } from "../schemas.ts";
import { callerKeyOf, pairKey, PairProfile, profilesFromAggregates } from "./profile.ts";
import { BaselineStore, type BaselineState, type LoadedBaseline, type ReadGap, type SaveStats } from "./store.ts";

/**
 * One run of the timer over stored baselines: read only what happened since the last run (and
 * what an earlier run could not read), fold the hours that left the window into the callers'
 * profiles, drop those that left the baseline, and save. The profiles are rebuilt from a full
 * read of the workspace when there are none, when they are older than the baseline window, when
 * the settings or the queries changed, or when the stored state cannot be read.
 */

export interface BaselineReadOptions {
  client: LogsQueryRunner;
  store: BaselineStore;
  workspaceIds: readonly string[];
  period: AnalysisPeriod;
  query?: Omit<FetchOptions, "workspaceIds" | "from" | "to" | "activityFrom">;
  /**
   * Minutes before the last run's end that are read again. A record reaches the query API some
   * minutes after the event (Azure Monitor quotes up to a few minutes for resource logs, more for
   * the activity log), so the last minutes a run saw may not have been complete yet.
   */
  rereadMinutes?: number;
  /** Earlier gaps re-read per run, the most recent first. */
  maxGapRetries?: number;
}

export interface BaselineRead {
  input: ActivityInput;
  /** Part of the baseline is still missing: the novelty detectors must not run. */
  incompleteBaseline: boolean;
  /** What this run's queries could not read. */
  gaps: CoverageGap[];
  queries: number;
  /** Why the profiles were built from a full read this run; undefined when they were updated. */
  rebuilt: string | undefined;
  /** The spans this run read from Log Analytics. */
  reads: ReadGap[];
  saved: SaveStats;
}

const DEFAULT_REREAD_MINUTES = 30;
const DEFAULT_GAP_RETRIES = 4;

/** What a stored state must have been built for to be reused. */
function configOf(workspaceIds: readonly string[], period: AnalysisPeriod): string {
  return JSON.stringify({
    workspaces: [...workspaceIds].map((id) => id.toLowerCase()).sort(),
    baselineHours: (period.windowStart - period.baselineStart) / HOUR_MS,
    windowHours: (period.windowEnd - period.windowStart) / HOUR_MS,
    queries: digest(LOG_TABLE_NAMES.map(keyAccessQuery).join("\n")),
  });
}

function rebuildReason(loaded: LoadedBaseline, config: string, period: AnalysisPeriod): string | undefined {
  if (!loaded.state) return loaded.problem;
  if (loaded.state.config !== config) return "the workspaces, the baseline, the window or the queries changed";
  if (loaded.state.readThrough < period.baselineStart) return "the stored baseline is older than the baseline window";
  if (loaded.state.readThrough > period.now) return "the stored baseline is newer than this run";
  return undefined;
}

function spansOf(gaps: readonly CoverageGap[]): ReadGap[] {
  return gaps.map((gap) => ({ from: floorHour(gap.from), to: gap.to }));
}

function hoursOf(span: ReadGap): number[] {
  const hours: number[] = [];
  for (let hour = floorHour(span.from); hour <= span.to; hour += HOUR_MS) hours.push(hour);
  return hours;
}

function byHour(aggregates: readonly HourlyAggregate[]): Map<number, HourlyAggregate[]> {
  const hours = new Map<number, HourlyAggregate[]>();
  for (const aggregate of aggregates) {
    const list = hours.get(aggregate.hour);
    if (list) list.push(aggregate);
    else hours.set(aggregate.hour, [aggregate]);
  }
  return hours;
}

/** Sets each hour of the profiles from that hour's aggregates; an hour read again with nothing in it is cleared. */
function foldHours(profiles: Map<string, PairProfile>, hours: ReadonlyMap<number, HourlyAggregate[]>, replaced: ReadonlySet<number>): void {
  for (const hour of [...replaced].sort((a, b) => a - b)) for (const profile of profiles.values()) profile.clearHour(hour);
  for (const hour of [...hours.keys()].sort((a, b) => a - b)) {
    const byPair = new Map<string, HourlyAggregate[]>();
    for (const aggregate of hours.get(hour)!) {
      if (aggregate.resultClass === "challenge") continue;
      const key = pairKey(aggregate.vault, callerKeyOf(aggregate));
      byPair.set(key, [...(byPair.get(key) ?? []), aggregate]);
    }
    for (const [key, aggregates] of byPair) {
      let profile = profiles.get(key);
      if (!profile) {
        const first = aggregates[0]!;
        profiles.set(key, (profile = new PairProfile(first.vault, callerKeyOf(first), !first.callerOid && !first.callerAppId)));
      }
      profile.setHour(hour, aggregates);
    }
  }
}

async function fetchSpan(options: BaselineReadOptions, span: ReadGap): Promise<FetchResult> {
  const { period } = options;
  return fetchKeyAccessAggregates(options.client, {
    ...options.query,
    workspaceIds: options.workspaceIds,
    from: span.from,
    to: span.to,
    ...(span.to >= period.windowStart ? { activityFrom: Math.max(span.from, period.windowStart) } : {}),
  });
}

function inWindow(period: AnalysisPeriod, state: Pick<BaselineState, "window" | "operations">): Pick<BaselineState, "window" | "operations"> {
  return {
    window: state.window.filter((aggregate) => aggregate.hour >= period.windowStart && aggregate.hour < period.windowEnd),
    operations: state.operations.filter((operation) => operation.lastSeen >= period.windowStart),
  };
}

export async function readWithBaselines(options: BaselineReadOptions): Promise<BaselineRead> {
  const { period, store } = options;
  const partition = BaselineStore.partitionOf(options.workspaceIds);
  const loaded = await store.load(partition);
  const config = configOf(options.workspaceIds, period);
  const reason = rebuildReason(loaded, config, period);

  let state: BaselineState;
  let reads: ReadGap[];
  const fetched: FetchResult[] = [];
  if (reason !== undefined || !loaded.state) {
    reads = [{ from: period.baselineStart, to: period.now }];
    fetched.push(await fetchSpan(options, reads[0]!));
    const [all] = fetched as [FetchResult];
    state = {
      config,
      readThrough: period.now,
      builtAt: period.now,
      gaps: spansOf(all.gaps),
      profiles: profilesFromAggregates(all.aggregates, period.baselineStart, period.windowStart),
      ...inWindow(period, { window: all.aggregates, operations: all.operations }),
    };
  } else {
    const previous = loaded.state;
    const readFrom = Math.max(period.baselineStart, floorHour(previous.readThrough - (options.rereadMinutes ?? DEFAULT_REREAD_MINUTES) * 60_000));
    const retried = previous.gaps
      .filter((gap) => gap.to >= period.baselineStart && gap.from < readFrom)
      .slice(-(options.maxGapRetries ?? DEFAULT_GAP_RETRIES))
      .map((gap) => ({ from: Math.max(period.baselineStart, floorHour(gap.from)), to: Math.min(readFrom - 1, floorHour(gap.to) + HOUR_MS - 1) }));
    reads = [{ from: readFrom, to: period.now }, ...retried];
    for (const span of reads) fetched.push(await fetchSpan(options, span));

    // An hour read again only in part (a failed or truncated slice) keeps what an earlier read had of it, if anything.
    const failed = new Set(fetched.flatMap((result) => spansOf(result.gaps)).flatMap(hoursOf));
    const previousHours = new Set([...previous.window.map((aggregate) => aggregate.hour), ...[...previous.profiles.values()].flatMap((profile) => [...profile.active])]);
    const replaced = new Set(reads.flatMap(hoursOf).filter((hour) => !(failed.has(hour) && previousHours.has(hour))));
    const hours = byHour([
      ...previous.window.filter((aggregate) => !replaced.has(aggregate.hour)),
      ...fetched.flatMap((result) => result.aggregates).filter((aggregate) => replaced.has(aggregate.hour)),
    ]);
    // Hours that left the window since the last run, and baseline hours read again.
    const leaving = new Map([...hours].filter(([hour]) => hour < period.windowStart));
    foldHours(previous.profiles, leaving, new Set([...replaced].filter((hour) => hour < period.windowStart)));
    // A gap is filled once every hour of it that still matters was read again (what failed again is a new gap).
    const stillMissing = previous.gaps.filter((gap) => gap.to >= period.baselineStart && !hoursOf(gap).every((hour) => hour < period.baselineStart || (replaced.has(hour) && !failed.has(hour))));
    state = {
      config,
      readThrough: period.now,
      builtAt: previous.builtAt,
      gaps: [...stillMissing, ...spansOf(fetched.flatMap((result) => result.gaps))],
      profiles: previous.profiles,
      ...inWindow(period, { window: [...hours.values()].flat(), operations: mergeOperations(previous.operations, ...fetched.map((result) => result.operations)) }),
    };
  }
  for (const [key, profile] of state.profiles) {
    profile.prune(period.baselineStart);
    if (profile.isEmpty()) state.profiles.delete(key);
  }
  const saved = await store.save(partition, state, loaded);
  return {
    input: { profiles: state.profiles, window: state.window, operations: state.operations },
    incompleteBaseline: state.gaps.some((gap) => gap.from < period.windowStart && gap.to >= period.baselineStart),
    gaps: fetched.flatMap((result) => result.gaps),
    queries: fetched.reduce((total, result) => total + result.queries, 0),
    rebuilt: reason,
    reads,
    saved,
  };
}
