import type { TicketSink as TicketSinkConfig } from "../../config/policy.ts";
import { SinkError } from "../errors.ts";
import { DEFAULT_CREDENTIAL_SETTINGS } from "./settings.ts";
import { AzureDevOpsSink, azureDevOpsSinkId } from "./azureDevOps.ts";
import { GitHubSink, gitHubSinkId } from "./github.ts";
import { ServiceNowSink, serviceNowSinkId } from "./serviceNow.ts";
import type { Closing, TicketRef, TicketSink, Update } from "./types.ts";
import { WebhookSink, webhookSinkId } from "./webhook.ts";

export type { Closing, CloseReason, TicketRef, TicketSink, TicketState, Update } from "./types.ts";
export { AzureDevOpsSink, DEFAULT_WORK_ITEM_TYPE, type AzureDevOpsSinkOptions } from "./azureDevOps.ts";
export { GITHUB_API_URL, GitHubSink, gitHubFailure, type GitHubSinkOptions } from "./github.ts";
export { ServiceNowSink, type ServiceNowSinkOptions } from "./serviceNow.ts";
export { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureOf, WebhookSink, type WebhookEventType, type WebhookSinkOptions } from "./webhook.ts";

export type { TicketSinkConfig };
export { DEFAULT_CREDENTIAL_SETTINGS } from "./settings.ts";

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * A sink whose settings are missing. It keeps the sink's id, so its tickets wait in the outbox
 * and the problem is reported once, by the outbox, like any other permanent failure.
 */
class MisconfiguredSink implements TicketSink {
  readonly id: string;
  readonly #problem: string;
  constructor(id: string, problem: string) {
    this.id = id;
    this.#problem = problem;
  }
  #fail(): never {
    throw new SinkError("permanent", this.#problem);
  }
  async open(): Promise<TicketRef> {
    this.#fail();
  }
  async comment(_ref: TicketRef, _update: Update): Promise<void> {
    this.#fail();
  }
  async close(_ref: TicketRef, _closing: Closing): Promise<void> {
    this.#fail();
  }
  async reopen(): Promise<boolean> {
    this.#fail();
  }
  /** Stands for a webhook too, whose anomaly alerts then fail the same way. */
  async send(): Promise<void> {
    this.#fail();
  }
}

function sinkIdOf(config: TicketSinkConfig): string {
  switch (config.type) {
    case "github":
      return gitHubSinkId(config.repo, config.apiUrl);
    case "azure-devops":
      return azureDevOpsSinkId(config.organizationUrl, config.project);
    case "servicenow":
      return serviceNowSinkId(config.instanceUrl);
    case "webhook":
      return webhookSinkId(config);
  }
}

/** Reads named settings; Key Vault references are resolved into them by the Functions host. */
function settingReader(env: Environment, missing: string[]) {
  return (name: string): string => {
    const value = env[name]?.trim();
    if (!value) missing.push(name);
    return value ?? "";
  };
}

type WebhookSinkConfig = Extract<TicketSinkConfig, { type: "webhook" }>;

/**
 * Builds a sink from the settings its policy entry names. Settings are read first and the sink
 * built only when all are there: a client never sees an empty credential.
 */
function configured<T extends TicketSink>(config: TicketSinkConfig, env: Environment, prepare: (setting: (name: string) => string) => () => T): T | MisconfiguredSink {
  const missing: string[] = [];
  const build = prepare(settingReader(env, missing));
  if (missing.length === 0) return build();
  const id = sinkIdOf(config);
  const plural = missing.length > 1;
  return new MisconfiguredSink(
    id,
    `${id}: the app setting${plural ? "s" : ""} ${missing.join(", ")} ${plural ? "are" : "is"} not set; its tickets wait in the outbox until ${plural ? "they are" : "it is"}`,
  );
}

/** The webhook a policy entry names, its URL and signing secret from the entry or its settings; tickets and anomaly alerts share it. */
export function createWebhookSink(config: WebhookSinkConfig, env: Environment = process.env): WebhookSink | MisconfiguredSink {
  return configured(config, env, (setting) => {
    const url = config.url ?? setting(config.urlSetting ?? "");
    const secret = config.secretSetting ? setting(config.secretSetting) : undefined;
    return () => new WebhookSink({ url, ...(secret ? { secret } : {}), ...(config.urlSetting ? { urlSetting: config.urlSetting } : {}) });
  });
}

/** One sink per policy entry, credentials from the settings the entry names (or the defaults). */
export function createSink(config: TicketSinkConfig, env: Environment = process.env): TicketSink {
  switch (config.type) {
    case "github":
      return configured(config, env, (setting) => {
        const token = setting(config.tokenSetting ?? DEFAULT_CREDENTIAL_SETTINGS.github);
        return () => new GitHubSink({ repo: config.repo, token, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), ...(config.labels ? { labels: config.labels } : {}) });
      });
    case "azure-devops":
      return configured(config, env, (setting) => {
        const token = setting(config.tokenSetting ?? DEFAULT_CREDENTIAL_SETTINGS["azure-devops"]);
        return () =>
          new AzureDevOpsSink({
            organizationUrl: config.organizationUrl,
            project: config.project,
            token,
            ...(config.workItemType ? { workItemType: config.workItemType } : {}),
            ...(config.areaPath ? { areaPath: config.areaPath } : {}),
            ...(config.tags ? { tags: config.tags } : {}),
          });
      });
    case "servicenow":
      return configured(config, env, (setting) => {
        const user = setting(config.userSetting ?? DEFAULT_CREDENTIAL_SETTINGS.servicenowUser);
        const password = setting(config.passwordSetting ?? DEFAULT_CREDENTIAL_SETTINGS.servicenowPassword);
        return () =>
          new ServiceNowSink({
            instanceUrl: config.instanceUrl,
            user,
            password,
            ...(config.assignmentGroup ? { assignmentGroup: config.assignmentGroup } : {}),
            ...(config.category ? { category: config.category } : {}),
            ...(config.callerId ? { callerId: config.callerId } : {}),
          });
      });
    case "webhook":
      return createWebhookSink(config, env);
  }
}

export function createSinks(configs: readonly TicketSinkConfig[], env: Environment = process.env): TicketSink[] {
  return configs.map((config) => createSink(config, env));
}
