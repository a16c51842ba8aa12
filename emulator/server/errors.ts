/** An ARM error answer: `{"error":{"code","message"}}` with its HTTP status (and extra headers). */
export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "ArmError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  get body() {
    return { error: { code: this.code, message: this.message } };
  }
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
}

export function parentNotFound(parentId: string): ArmError {
  return new ArmError(404, "ParentResourceNotFound", `Can not perform requested operation on nested resource. Parent resource '${parentId}' not found.`);
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}
