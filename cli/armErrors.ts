import { isRestError } from "@azure/core-rest-pipeline";
import { RequestTimeoutError } from "../shared/azure/index.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "./errors.ts";

/** How a command reached ARM, to name in what went wrong. */
export interface ArmTarget {
  endpoint: string;
  /** The --ca file, when one was given. */
  caFile?: string;
  timeoutSeconds: number;
}

/** Node's TLS verification failures: the endpoint's certificate is not one this run trusts. */
const CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_SIGNATURE_FAILURE",
]);

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A failure that stops the whole command, said in terms of the options that would fix it:
 * --timeout, --ca, --endpoint, --credential. Undefined for a failure that belongs to one
 * subscription or resource.
 */
export function connectionFailure(error: unknown, target: ArmTarget): CliError | undefined {
  if (error instanceof RequestTimeoutError) {
    return new CliError(`no answer from ${target.endpoint} within ${target.timeoutSeconds} s (--timeout ${target.timeoutSeconds}); check --endpoint, or allow longer`, EXIT_FAILED);
  }
  const code = codeOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (code && CERTIFICATE_CODES.has(code)) {
    return new CliError(
      target.caFile
        ? `the certificate of ${target.endpoint} is not trusted with --ca ${target.caFile} (${reason}): pass the CA that signed it`
        : `the certificate of ${target.endpoint} is not trusted (${reason}): for a local emulator pass its CA with --ca FILE`,
      EXIT_BAD_INPUT,
    );
  }
  if (code && UNREACHABLE_CODES.has(code)) return new CliError(`cannot reach ${target.endpoint} (${code}): check --endpoint and the network`, EXIT_FAILED);
  const name = (error as Error | null)?.name ?? "";
  if (name === "CredentialUnavailableError" || name === "AuthenticationError" || name === "AggregateAuthenticationError") {
    return new CliError(`cannot sign in to ${target.endpoint}: ${reason.split("\n")[0]} (sign in with az login, or choose --credential)`, EXIT_FAILED);
  }
  return undefined;
}

/** Why ARM refused one subscription: it does not exist, or this identity cannot see it. Undefined for any other failure. */
export function subscriptionRefusal(error: unknown): string | undefined {
  if (!isRestError(error)) return undefined;
  if (error.statusCode === 404) return `not found (${error.code ?? "SubscriptionNotFound"}): check the id, and that this identity can see it`;
  if (error.statusCode === 403) return `this identity may not read it (${error.code ?? "AuthorizationFailed"}): it needs Reader (or the Encryption Guard role) there`;
  if (error.statusCode === 400 && /subscription/i.test(`${error.code ?? ""} ${error.message}`)) return `refused by ARM (${error.code ?? "BadRequest"}: ${error.message})`;
  return undefined;
}
