/** The app settings credentials are read from when the policy names none (the tools' own conventions). */
export const DEFAULT_CREDENTIAL_SETTINGS = {
  github: "GITHUB_TOKEN",
  "azure-devops": "AZURE_DEVOPS_EXT_PAT",
  servicenowUser: "SERVICENOW_USERNAME",
  servicenowPassword: "SERVICENOW_PASSWORD",
} as const;
