/**
 * The policy file's schema: one zod definition that validates the file, gives the Policy type
 * its shape and defaults, and generates the published JSON Schema editors complete from.
 * Field descriptions live here so the JSON Schema carries them.
 */
import { z } from "zod";
import { CATALOG, CLASSIFICATION_LEVELS, policyParamsSchema } from "../controls/index.ts";
import type { Control } from "../controls/index.ts";
import { BUILT_IN_ALLOWLIST } from "./builtInAllowlist.ts";
import { fields, guid, oneOf, positiveInt, show, text } from "./schemaParts.ts";
import { sinkSchema } from "./sinkSchema.ts";

export const MODES = ["off", "audit", "ticket", "remediate"] as const;
export const ALL_CONTROLS = "*";

const CONTROL_IDS = CATALOG.map((control) => control.id);

const mode = oneOf(MODES);
const level = oneOf(CLASSIFICATION_LEVELS);
const knownControlId = oneOf([...CONTROL_IDS, ALL_CONTROLS]);

/** A resource group name or glob; ARM allows Unicode letters, so only what can never occur is refused. */
const resourceGroupPattern = z.string().regex(/^[^\s/\\?#"']{1,90}$/, "expected a resource group name or glob (1-90 characters, no spaces, slashes, ? or #)");

/** Absolute (starts with /) or a glob that starts with *; no spaces, queries or fragments. */
const exemptionScope = z.string().regex(/^[/*][^\s?#]*$/, "expected a resource id, an id prefix ending with /, or a glob with * and **, starting with / or *");

const isoDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: (issue) => `expected an ISO 8601 date (2025-06-30) or date-time with offset (2025-06-30T17:00:00Z), got ${show(issue.input)}`,
});

/** One control's settings; `params` is the control's own parameter schema, so a misspelt or mistyped parameter fails the load. */
function controlPolicySchema(control: Control) {
  const params = policyParamsSchema(control);
  const paramsDescription =
    Object.keys(params.shape).length === 0
      ? `${control.id} takes no parameters.`
      : `Parameters of ${control.id} (docs/policy.md lists them). Given at all, every required one must be there. Never credentials.`;
  return fields({
    mode: mode.optional().describe("What to do with a non-compliant finding; off means the control is not evaluated at all."),
    minClassification: level.optional().describe("Overrides the control's own threshold: it applies to resources at or above this level."),
    params: params.optional().describe(paramsDescription),
  });
}

const controlsSchema = z
  .strictObject(Object.fromEntries(CATALOG.map((control) => [control.id, controlPolicySchema(control).optional()])), {
    error: (issue) => (issue.code === "unrecognized_keys" ? `unknown control id; known ids: ${CONTROL_IDS.join(", ")}` : undefined),
  })
  .describe("Per-control settings, keyed by control id.");

/** A management group's id (its name): letters, digits, hyphens, underscores, periods and parentheses, at most 90. */
export const MANAGEMENT_GROUP_ID = /^[A-Za-z0-9_().-]{1,90}$/;

const scopesSchema = fields({
  subscriptions: z.array(guid("a subscription id")).default([]).describe("Subscriptions the service may read and change; with managementGroups empty too, every subscription its identity can reach."),
  managementGroups: z
    .array(z.string().regex(MANAGEMENT_GROUP_ID, "expected a management group id (1-90 letters, digits, -, _, ., ( or ))"))
    .default([])
    .describe("Management groups whose subscriptions (at any depth, as Resource Graph resolves them) the service may read and change, beside scopes.subscriptions."),
  includeResourceGroups: z.array(resourceGroupPattern).default([]).describe("Resource group names or globs to include (case-insensitive); empty = all."),
  excludeResourceGroups: z.array(resourceGroupPattern).default([]).describe("Resource group names or globs to leave alone (case-insensitive); wins over include."),
});

const aliasesSchema = z
  .record(z.string().trim().min(1, "expected a non-empty tag value"), level)
  .superRefine(
    (aliases, ctx) => {
      const seen = new Map<string, string>();
      for (const value of Object.keys(aliases)) {
        const key = value.toLowerCase();
        if ((CLASSIFICATION_LEVELS as readonly string[]).includes(key)) {
          ctx.addIssue({ code: "custom", path: [value], message: `"${value}" is one of the four levels and cannot be redefined by an alias` });
        } else if (seen.has(key)) {
          ctx.addIssue({ code: "custom", path: [value], message: `duplicates the alias "${seen.get(key)}" (tag values compare case-insensitively)` });
        }
        seen.set(key, value);
      }
      // Only keys are checked, so this runs even when a value is wrong: every problem at once.
    },
    { when: () => true },
  )
  // Tag values compare case-insensitively, so the parsed form keys aliases by their lower-case value.
  .transform((aliases) => Object.fromEntries(Object.entries(aliases).map(([value, mapped]) => [value.toLowerCase(), mapped])))
  .describe("Maps an organisation's own tag values (e.g. Internal, Restricted) to the four levels.");

const classificationSchema = fields({
  tagName: text("a tag name").default("data-classification").describe("The tag that carries a resource's data classification (name compared case-insensitively)."),
  defaultLevel: level.default("general").describe("The level of a resource without the tag or with a value that is neither a level nor an alias."),
  aliases: aliasesSchema.prefault({}),
});

const safetySchema = fields({
  allowDisruptive: z.boolean().default(false).describe("Let fixes run that can disturb the workload (restarts, re-encryption); otherwise they become tickets."),
  allowIrreversible: z.boolean().default(false).describe("Let fixes run that cannot be undone (e.g. purge protection); otherwise they become tickets."),
});

const exemptionSchema = fields({
  scope: exemptionScope.describe("An exact resource id, an id prefix ending with / (e.g. a resource group id), or a glob (* within a segment, ** across segments). Case-insensitive."),
  controls: z
    .array(knownControlId)
    .min(1, 'expected at least one control id, or ["*"] for every control')
    .refine((ids) => !ids.includes(ALL_CONTROLS) || ids.length === 1, '"*" already covers every control; list it alone')
    .describe('Control ids the exemption covers, or ["*"] for all.'),
  reason: text("a reason").describe("Why the exemption exists; it is shown on every exempt finding."),
  expires: isoDateOrDateTime.optional().describe("When the exemption stops applying: a date (end of that day, UTC) or a date-time with offset. Optional but recommended."),
});

const limitsSchema = fields({
  maxFixesPerWindow: positiveInt(100_000).default(50).describe("Fixes allowed across the estate per window; past it the breaker opens and fixes become tickets."),
  windowMinutes: positiveInt(10_080).default(60).describe("Length of the blast-radius window in minutes."),
  maxFixesPerSubscriptionPerWindow: positiveInt(100_000).default(20).describe("Fixes allowed in one subscription per window."),
  maxSweepFixShare: z
    .number({ error: "expected a share from 0 to 1" })
    .min(0, "expected a share from 0 to 1")
    .max(1, "expected a share from 0 to 1")
    .default(0.25)
    .describe("A sweep that would fix more than this share of the resources it evaluated stops and opens a ticket instead."),
  maxAttemptsPerResourceControl: positiveInt(100).default(3).describe("Fixes of one resource and control before a fix that does not stick becomes a ticket with an exception mark."),
}).superRefine((limits, ctx) => {
  if (limits.maxFixesPerSubscriptionPerWindow > limits.maxFixesPerWindow) {
    ctx.addIssue({ code: "custom", path: ["maxFixesPerSubscriptionPerWindow"], message: `cannot exceed limits.maxFixesPerWindow (${limits.maxFixesPerWindow})` });
  }
});

const ticketsSchema = fields({
  sinks: z.array(sinkSchema).default([]).describe("Where tickets go. Credentials never appear here: they come from app settings or Key Vault references."),
});

const callerFields = {
  appid: guid("an application id").optional(),
  oid: guid("an object id").optional(),
  upn: z
    .string()
    .regex(/^[^@\s]+@[^@\s]+$/, "expected a user principal name such as someone@contoso.com")
    .optional(),
};
const namesCaller = (entry: { appid?: string; oid?: string; upn?: string }) => entry.appid !== undefined || entry.oid !== undefined || entry.upn !== undefined;
const NAME_THE_CALLER = "name the caller with at least one of appid, oid or upn";

const allowlistEntry = fields({ ...callerFields, reason: text("a reason") }).refine(namesCaller, NAME_THE_CALLER);
const personEntry = fields({ ...callerFields, name: text("a name").optional() }).refine(namesCaller, NAME_THE_CALLER);

const anomaliesSchema = fields({
  allowlist: z.array(allowlistEntry).default([]).describe("Callers whose key access is expected (scanners, backup identities); added to the built-in entries."),
  people: z.array(personEntry).default([]).describe("Identities that are people although their tokens carry no UPN (a guest, a break-glass account): the off-hours detector judges them like users."),
  builtInAllowlist: z.boolean().default(true).describe("Include Microsoft's own indexing and policy-evaluation identities (Azure Resource Graph, Policy Insights)."),
  baselineDays: positiveInt(90).default(14).describe("Days of history a caller's normal behaviour is learnt from."),
  windowHours: positiveInt(168).default(24).describe("Hours of recent activity the detectors judge."),
})
  .superRefine((anomalies, ctx) => {
    if (anomalies.windowHours >= anomalies.baselineDays * 24) {
      ctx.addIssue({ code: "custom", path: ["windowHours"], message: `must be shorter than the baseline (${anomalies.baselineDays} days)` });
    }
  })
  .transform((anomalies) => ({
    ...anomalies,
    allowlist: anomalies.builtInAllowlist ? [...BUILT_IN_ALLOWLIST, ...anomalies.allowlist] : anomalies.allowlist,
  }));

const sweepSchema = fields({
  source: oneOf(["graph", "arm"] as const)
    .default("graph")
    .describe(
      "Where a sweep lists resources: graph (Azure Resource Graph, paged queries across every scope; settings it does not hold are read from ARM) or arm (ARM list calls per subscription). A fix is always planned on a fresh ARM read.",
    ),
});

export const policySchema = fields({
  $schema: z.string().optional().describe("The JSON Schema this file follows, for editors."),
  scopes: scopesSchema.prefault({}),
  classification: classificationSchema.prefault({}),
  defaultMode: mode.optional().describe("Applies to every control that sets no mode of its own; unset = each control's default decision."),
  controls: controlsSchema.prefault({}),
  safety: safetySchema.prefault({}),
  exemptions: z.array(exemptionSchema).default([]).describe("Resources and controls the service leaves alone, each with a reason and ideally an expiry."),
  limits: limitsSchema.prefault({}),
  sweep: sweepSchema.prefault({}),
  tickets: ticketsSchema.prefault({}),
  anomalies: anomaliesSchema.prefault({}),
}).meta({
  title: "Encryption Guard policy",
  description: "What Encryption Guard checks, where, and what it does about each finding. See docs/policy.md.",
});

/** The published JSON Schema: what editors validate and complete the policy file with. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policySchema, { io: "input", target: "draft-2020-12" });
}
