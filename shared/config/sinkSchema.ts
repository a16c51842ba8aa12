/** Ticket sinks as the policy configures them; credentials are named by setting, never given. */
import { z } from "zod";
import { fields, serviceUrl, settingName, text } from "./schemaParts.ts";

const githubSink = fields({
  type: z.literal("github"),
  repo: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "expected OWNER/REPO")
    .describe("The repository issues are opened in, as OWNER/REPO."),
  apiUrl: serviceUrl("the GitHub API base URL").optional().describe("GitHub Enterprise Server API base URL, e.g. https://github.example.com/api/v3."),
  labels: z.array(text("a label")).optional().describe("Labels added to every issue besides the fingerprint label."),
  tokenSetting: settingName("the GitHub token").optional(),
});

const azureDevOpsSink = fields({
  type: z.literal("azure-devops"),
  organizationUrl: serviceUrl("the organization URL").describe("e.g. https://dev.azure.com/contoso"),
  project: text("a project name"),
  workItemType: text("a work item type").optional().describe("e.g. Issue, Bug or Task; the sink's default when absent."),
  areaPath: text("an area path").optional(),
  tags: z.array(text("a tag")).optional().describe("Tags added to every work item besides the fingerprint tag."),
  tokenSetting: settingName("the personal access token").optional(),
});

const serviceNowSink = fields({
  type: z.literal("servicenow"),
  instanceUrl: serviceUrl("the instance URL").describe("e.g. https://contoso.service-now.com"),
  assignmentGroup: text("an assignment group").optional(),
  category: text("a category").optional(),
  callerId: text("a caller id").optional(),
  userSetting: settingName("the ServiceNow user name").optional(),
  passwordSetting: settingName("the ServiceNow password").optional(),
});

const webhookSink = fields({
  type: z.literal("webhook"),
  url: serviceUrl("the webhook URL").optional().describe("Where findings are POSTed as JSON. A URL that embeds a signature belongs in a setting: use urlSetting."),
  urlSetting: settingName("the webhook URL").optional(),
  secretSetting: settingName("the HMAC signing secret").optional(),
}).refine((sink) => (sink.url === undefined) !== (sink.urlSetting === undefined), {
  message: "set exactly one of url or urlSetting",
  path: ["url"],
});

const SINK_TYPES = ["github", "azure-devops", "servicenow", "webhook"] as const;
export const sinkSchema = z.discriminatedUnion("type", [githubSink, azureDevOpsSink, serviceNowSink, webhookSink], {
  error: (issue) => (issue.code === "invalid_union" ? `expected type to be one of ${SINK_TYPES.join("|")}` : undefined),
});
