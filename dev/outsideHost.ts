/**
 * The demo and the benchmarks run the real function handlers without the Functions host.
 * Importing a function module registers it with `app`, and outside the host @azure/functions
 * says so on stderr for every function ("Failed to detect the Azure Functions runtime",
 * "Skipping call to register function"), which reads like an error to someone running
 * `npm start` or a benchmark. This drops exactly those two notices; import it before any
 * function module.
 */
const TEST_MODE_NOTICES = [
  /^WARNING: Failed to detect the Azure Functions runtime\./,
  /^WARNING: Skipping call to register function "[^"]+" because the "@azure\/functions" package is in test mode\./,
];

const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && TEST_MODE_NOTICES.some((notice) => notice.test(args[0] as string))) return;
  warn(...args);
};
