/**
 * The `scan` command's ticket options. Light on purpose: the CLI reads them before it loads the
 * sinks' clients, which only a run that files tickets needs.
 */
import { parsePolicy, PolicyError, type TicketSink as TicketSinkConfig } from "../config/policy.ts";
import { DEFAULT_CREDENTIAL_SETTINGS } from "./sinks/settings.ts";

export const TICKET_SINK_KINDS = ["github", "azure-devops", "servicenow", "webhook"] as const;
export type TicketSinkKind = (typeof TICKET_SINK_KINDS)[number];

/** The webhook's signing secret on the command line comes from this setting, when it is set. */
export const WEBHOOK_SECRET_SETTING = "WEBHOOK_SECRET";
/** A webhook URL that embeds a signature (Teams, Logic Apps) is a credential: it comes from this setting, not the command line. */
export const WEBHOOK_URL_SETTING = "WEBHOOK_URL";

/** The `scan` command's ticket options, as commander names them. */
export interface TicketCommandOptions {
  tickets?: TicketSinkKind[];
  githubRepo?: string;
  githubApi?: string;
  azureDevopsOrg?: string;
  azureDevopsProject?: string;
  azureDevopsType?: string;
  servicenowInstance?: string;
  webhookUrl?: string;
}

/** Which option a sink field comes from, to word a problem the way the person typed it. */
const FLAG_OF_FIELD: Record<string, string> = {
  repo: "--github-repo",
  apiUrl: "--github-api",
  organizationUrl: "--azure-devops-org",
  project: "--azure-devops-project",
  workItemType: "--azure-devops-type",
  instanceUrl: "--servicenow-instance",
  url: "--webhook-url",
};

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The sinks `scan --tickets …` asks for, validated by the policy file's own rules (an OWNER/REPO,
 * https URLs), with their credentials checked in the environment before anything is scanned.
 * Throws an Error whose message lists every problem, in terms of the options and settings.
 */
export function sinkConfigsFromOptions(options: TicketCommandOptions, env: Environment): TicketSinkConfig[] {
  if (!options.tickets?.length) return [];
  const problems: string[] = [];
  const required = (value: string | undefined, flag: string, kind: TicketSinkKind) => {
    if (value === undefined) problems.push(`--tickets ${kind} needs ${flag}`);
    return value ?? "";
  };
  const credential = (name: string, kind: TicketSinkKind) => {
    if (!env[name]?.trim()) problems.push(`--tickets ${kind} reads its credentials from ${name}, which is not set`);
  };
  const sinks = [...new Set(options.tickets)].map((kind): Record<string, unknown> => {
    switch (kind) {
      case "github":
        credential(DEFAULT_CREDENTIAL_SETTINGS.github, kind);
        return { type: kind, repo: required(options.githubRepo, "--github-repo OWNER/REPO", kind), ...(options.githubApi ? { apiUrl: options.githubApi } : {}) };
      case "azure-devops":
        credential(DEFAULT_CREDENTIAL_SETTINGS["azure-devops"], kind);
        return {
          type: kind,
          organizationUrl: required(options.azureDevopsOrg, "--azure-devops-org URL", kind),
          project: required(options.azureDevopsProject, "--azure-devops-project NAME", kind),
          ...(options.azureDevopsType ? { workItemType: options.azureDevopsType } : {}),
        };
      case "servicenow":
        credential(DEFAULT_CREDENTIAL_SETTINGS.servicenowUser, kind);
        credential(DEFAULT_CREDENTIAL_SETTINGS.servicenowPassword, kind);
        return { type: kind, instanceUrl: required(options.servicenowInstance, "--servicenow-instance URL", kind) };
      case "webhook": {
        const secret = env[WEBHOOK_SECRET_SETTING]?.trim() ? { secretSetting: WEBHOOK_SECRET_SETTING } : {};
        if (options.webhookUrl === undefined && env[WEBHOOK_URL_SETTING]?.trim()) return { type: kind, urlSetting: WEBHOOK_URL_SETTING, ...secret };
        return { type: kind, url: required(options.webhookUrl, `--webhook-url URL (or ${WEBHOOK_URL_SETTING})`, kind), ...secret };
      }
    }
  });
  if (problems.length === 0) {
    try {
      return parsePolicy(JSON.stringify({ tickets: { sinks } }), "the command line").tickets.sinks;
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      for (const issue of error.issues) {
        const field = /\.(\w+)$/.exec(issue.path)?.[1] ?? "";
        const credential = field === "url" && /credential/.test(issue.message);
        problems.push(`${FLAG_OF_FIELD[field] ?? issue.path}: ${credential ? `the URL carries a credential; set it in ${WEBHOOK_URL_SETTING} instead of the command line` : issue.message}`);
      }
    }
  }
  throw new Error(problems.join("; "));
}
