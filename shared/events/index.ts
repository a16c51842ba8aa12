export { parseResourceWrite, MalformedEventError, RESOURCE_WRITE_SUCCESS, type ResourceWrite } from "./resourceWrite.ts";
