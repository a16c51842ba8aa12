export { demoEstate } from "./demo.ts";
export { generateEstate } from "./generate.ts";
export { demoCertificates } from "./certificates.ts";
