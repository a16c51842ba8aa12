/**
 * Control parameters: how a control declares them, how the policy file validates them, and the
 * building blocks for the values they usually hold (resource ids, Key Vault names).
 */
import { z } from "zod";
import { parseResourceId } from "../core/index.ts";
import type { Control } from "./types.ts";

/**
 * Writes a control whose `params` and `fix.params` schemas type what `evaluate` and `fix.plan`
 * receive. (A control without parameters can be a plain `Control` object.)
 */
export function defineControl<P extends object = object, F extends object = object>(control: Control<P, F>): Control<P, F> {
  return control;
}

/** Everything `controls.<id>.params` may hold: the control's parameters and its fix's, nothing else. */
export function policyParamsSchema(control: Control): z.ZodObject<z.core.$ZodShape, z.core.$strict> {
  const shape = { ...control.params?.shape, ...control.fix?.params?.shape };
  const names = Object.keys(shape);
  const unknown = names.length === 0 ? `${control.id} takes no parameters` : `unknown parameter of ${control.id}; expected ${names.join(", ")}`;
  return z.strictObject(shape, { error: (issue) => (issue.code === "unrecognized_keys" ? unknown : undefined) });
}

/** The fix's parameters a policy must give before the fix can be planned (those without a default). */
export function requiredFixParams(control: Control): string[] {
  const shape = control.fix?.params?.shape ?? {};
  return Object.entries(shape)
    .filter(([, field]) => !z.safeParse(field, undefined).success)
    .map(([name]) => name);
}

function isResourceIdOf(type: string): (value: string) => boolean {
  return (value) => {
    try {
      return parseResourceId(value).type.toLowerCase() === type.toLowerCase();
    } catch {
      return false;
    }
  };
}

/** The id of an existing resource of one ARM type, e.g. the disk encryption set a fix points a disk at. */
export function resourceIdParam(type: string, what: string) {
  return z
    .string()
    .trim()
    .refine(isResourceIdOf(type), `expected the resource id of ${what}: /subscriptions/<id>/resourceGroups/<group>/providers/${type}/<name>`)
    .meta({ examples: [`/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/<group>/providers/${type}/<name>`] });
}

function isVaultUri(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === "https:" && (url.pathname === "/" || url.pathname === "") && url.search === "" && url.hash === "";
}

/** A Key Vault or Managed HSM address (any cloud's DNS suffix): https, host only. */
export const vaultUriParam = () =>
  z
    .string()
    .trim()
    .refine(isVaultUri, "expected a vault URI such as https://contoso-keys.vault.azure.net/ (https, no path)")
    .meta({ examples: ["https://contoso-keys.vault.azure.net/"] });

/** A key, secret or certificate name as Key Vault allows it. */
export const vaultObjectNameParam = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,127}$/, `expected ${what} as Key Vault names it: 1-127 letters, digits and dashes`);

/** A key version: the 32 hexadecimal digits at the end of a versioned key id. */
export const keyVersionParam = () =>
  z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{32}$/, "expected a key version: the 32 hexadecimal digits at the end of a versioned key id");
