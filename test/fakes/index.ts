export { FakeServer, jsonBody, type Fault, type FakeResponse, type Handler, type RecordedRequest } from "./server.ts";
export { GitHubFake, type FakeIssue, type GitHubFakeOptions } from "./github.ts";
export { AzureDevOpsFake, type AzureDevOpsFakeOptions, type FakeWorkItem } from "./azureDevOps.ts";
export { ServiceNowFake, type FakeIncident, type ServiceNowFakeOptions } from "./serviceNow.ts";
export { WebhookReceiver, type ReceivedHook } from "./webhook.ts";
export { EventGridTopicFake, type TopicAuth } from "./eventGridTopic.ts";
export { gitHubReferences, linkTargets, renderGitHubMarkdown, viewHtml, type HtmlView } from "./rendering.ts";
