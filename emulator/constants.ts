/** The subscription the emulator serves when none is configured. */
export const DEMO_SUBSCRIPTION_ID = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f";

/** The Entra tenant every emulated subscription belongs to. */
export const DEMO_TENANT_ID = "72f988bf-0000-4000-8000-00000000e6e0";

/** An identity as Event Grid reports it in `data.claims`. */
export interface CallerIdentity {
  appid: string;
  oid: string;
}

/**
 * Who an SDK request is from when its bearer token is not a JWT and it names no caller
 * (header `x-emulator-appid`): the service principal the product runs as in the emulator.
 */
export const DEFAULT_SDK_CALLER: CallerIdentity = {
  appid: "5e6b3f0a-9c1d-4e2f-8a3b-7c4d5e6f7a80",
  oid: "a1b2c3d4-0000-4000-8000-000000000001",
};

/** Who an out-of-band `write()` is from unless told otherwise: a person using the Azure CLI. */
export const DEFAULT_WRITE_ACTOR: CallerIdentity = {
  appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  oid: "b2c3d4e5-0000-4000-8000-000000000002",
};
