/**
 * Microsoft first-party identities that read every Key Vault as part of the platform, so their
 * access is never an anomaly. Source: the allowlist of Microsoft Sentinel's analytic rule
 * "Mass secret retrieval from Azure Key Vault" (Azure/Azure-Sentinel, Solutions/Azure Key Vault),
 * which documents both as performing VaultGet for indexing and for policy checks.
 */
export const BUILT_IN_ALLOWLIST: readonly { appid?: string; oid?: string; upn?: string; reason: string }[] = [
  { appid: "509e4652-da8d-478d-a730-e9d4a1996ca4", reason: "Azure Resource Graph: indexes every tracked resource (VaultGet)" },
  { appid: "8cae6e77-e04e-42ce-b5cb-50d82bce26b1", reason: "Microsoft Policy Insights Provider Data Plane: evaluates Azure Policy (VaultGet)" },
  // The control-plane half of Azure Policy (compliance scans), listed under this name in tenants' first-party apps.
  { appid: "1d78a85d-813d-46f0-b496-dd72f50a3ec0", reason: "Microsoft Azure Policy Insights: Azure Policy compliance scans (VaultGet)" },
];
