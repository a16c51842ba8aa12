import type { Timer } from "@azure/functions";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID, demoEstate } from "../../../emulator/index.ts";
import { sweepHandler } from "../../../functions/sweepTimer.ts";
import { parsePolicy } from "../../../shared/config/policy.ts";
import { queryAll, type ActionRecord } from "../../../shared/store/index.ts";
import { sweep } from "../../../shared/workflow/index.ts";
import { GitHubFake } from "../../fakes/github.ts";
import { context, startGuardStack, type GuardStack } from "../../setup/stack.ts";

const REPO = "contoso/cloud-security";
const TOKEN = "ghp_scopedsweep0000000000000000000000000";
const TIMER: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };
/** The groups the issue's review excluded: one by name, the rest by a glob. */
const EXCLUDED = /\/resourcegroups\/(rg-legacy|rg-payments-[^/]*)\//i;

/** The demo estate, its sweep allowed to fix all of it, two of its groups excluded, and tickets filed in a GitHub fake. */
async function scopedStack(github: GitHubFake): Promise<GuardStack> {
  const policy = parsePolicy(
    JSON.stringify({
      scopes: { excludeResourceGroups: ["rg-legacy", "rg-payments-*"] },
      limits: { maxSweepFixShare: 1, maxFixesPerWindow: 1000, maxFixesPerSubscriptionPerWindow: 1000 },
      tickets: { sinks: [{ type: "github", repo: REPO, apiUrl: github.apiUrl }] },
    }),
    "scoped.policy.json",
  );
  return startGuardStack({ emulator: { estate: demoEstate(DEMO_SUBSCRIPTION_ID), subscriptions: [DEMO_SUBSCRIPTION_ID] }, policy, outputEnv: { GITHUB_TOKEN: TOKEN } });
}

function writesInExcludedGroups(stack: GuardStack): string[] {
  return stack.emulator.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD" && r.status < 300 && EXCLUDED.test(`${r.path}/`)).map((r) => `${r.method} ${r.path}`);
}

async function ledgerActions(stack: GuardStack): Promise<ActionRecord[]> {
  const rows = await queryAll(stack.runtime.ledger.tables.open("actions"), {});
  return Promise.all(rows.map(async (row) => (await stack.runtime.ledger.actions.get(row.partition))!.action));
}

/** What the sweep left in the ledger and the ticket system about resources in the excluded groups. */
async function traces(stack: GuardStack, github: GitHubFake) {
  await stack.runtime.tickets!.deliver();
  const actions = await ledgerActions(stack);
  const findings = (await stack.runtime.ledger.findings.list({ subscriptionId: DEMO_SUBSCRIPTION_ID }, { limit: 1000 })).findings;
  const issues = github.issues.get(REPO) ?? [];
  return {
    writes: writesInExcludedGroups(stack),
    fixes: actions.filter((a) => a.kind === "remediation" && EXCLUDED.test(`${a.resourceId}/`)).length,
    tickets: actions.filter((a) => a.kind === "ticket" && EXCLUDED.test(`${a.resourceId}/`)).length,
    findings: findings.filter((f) => EXCLUDED.test(`${f.resourceId}/`)).length,
    issues: issues.filter((issue) => /rg-legacy|rg-payments-/i.test(issue.body)).length,
    // The sweep did its work everywhere else: fixes written and tickets filed.
    writesElsewhere: stack.emulator.requests.filter((r) => (r.method === "PUT" || r.method === "PATCH") && r.status < 300).length,
    issuesFiled: issues.length,
  };
}

/** Nothing in the excluded groups: no write, fix, ticket action, finding or issue; while the sweep did fix and ticket the rest. */
async function expectExcludedGroupsUntouched(stack: GuardStack, github: GitHubFake): Promise<void> {
  const left = await traces(stack, github);
  expect(left).toMatchObject({ writes: [], fixes: 0, tickets: 0, findings: 0, issues: 0 });
  expect(left.writesElsewhere).toBeGreaterThan(0);
  expect(left.issuesFiled).toBeGreaterThan(0);
}

describe("a sweep never touches resource groups the policy excludes (issue finding: scope bypass)", () => {
  let stack: GuardStack | undefined;
  let github: GitHubFake | undefined;
  afterEach(async () => {
    await stack?.stop();
    await github?.stop();
  });

  it("the in-process sweep (CLI, POST /api/scan) makes 0 writes and files 0 tickets there, and counts what it skipped", async () => {
    github = await GitHubFake.start({ token: TOKEN, repos: [REPO] });
    stack = await scopedStack(github);
    const outcome = await sweep(stack.runtime, [DEMO_SUBSCRIPTION_ID]);
    expect(outcome.skipped.outOfScope).toBeGreaterThanOrEqual(7);
    expect([...outcome.findings, ...outcome.actions].filter((x) => EXCLUDED.test(`${x.resourceId}/`))).toEqual([]);
    await expectExcludedGroupsUntouched(stack, github);
  });

  it("the queued sweep (timer, POST /api/sweeps) makes 0 writes and files 0 tickets there, and counts what it skipped", async () => {
    github = await GitHubFake.start({ token: TOKEN, repos: [REPO] });
    stack = await scopedStack(github);
    const queued = (await sweepHandler(stack.factory)(TIMER, context("sweep")))!;
    expect((await stack.drain()).failed).toBe(0);
    const totals = await stack.runtime.ledger.sweeps.totals(queued.sweepId, { withFixTargets: true });
    expect(totals.outOfScope).toBeGreaterThanOrEqual(7);
    expect(totals.fixTargets.filter((t) => EXCLUDED.test(`${t.resourceId}/`))).toEqual([]);
    await expectExcludedGroupsUntouched(stack, github);
  });

  it("sweeps only subscriptions both GUARD_SUBSCRIPTION_IDS and the policy name", async () => {
    github = await GitHubFake.start({ token: TOKEN, repos: [REPO] });
    const other = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
    stack = await startGuardStack({
      emulator: { estate: demoEstate(DEMO_SUBSCRIPTION_ID), subscriptions: [DEMO_SUBSCRIPTION_ID] },
      policy: parsePolicy(JSON.stringify({ scopes: { subscriptions: [other] } }), "p.json"),
    });
    const outcome = await sweep(stack.runtime, [DEMO_SUBSCRIPTION_ID]);
    expect(outcome).toMatchObject({
      resources: 0,
      findings: [],
      actions: [],
      skipped: { subscriptions: [{ subscriptionId: DEMO_SUBSCRIPTION_ID, reason: expect.stringContaining("not one this service guards") }] },
    });
    expect(stack.emulator.requests).toHaveLength(0);
    expect(await sweepHandler(stack.factory)(TIMER, context("sweep"))).toMatchObject({ shards: 0, skipped: [{ subscriptionId: DEMO_SUBSCRIPTION_ID }] });
  });
});
