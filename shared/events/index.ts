export { eventTypeOf, MalformedEventError, OBJECT_ID_CLAIM, operationResourceType, parseResourceWrite, RESOURCE_WRITE_SUCCESS, schemaOf, type ResourceWrite } from "./resourceWrite.ts";
export { KEY_VAULT_EVENTS, parseKeyVaultEvent, type KeyVaultEvent } from "./keyVaultEvent.ts";
export { cloudEventsHandshake, readWebhookBody, SUBSCRIPTION_VALIDATION_EVENT, type WebhookBody } from "./webhook.ts";
