/**
 * The ARM wire shapes every layer shares: a resource document as ARM returns it, and one
 * property change of a fix in wire terms.
 */

/** An ARM resource as ARM returns it on the wire (nested `properties`). */
export interface ArmDocument {
  id: string;
  type: string;
  name?: string;
  location?: string;
  kind?: string;
  tags?: Record<string, string> | null;
  sku?: unknown;
  identity?: unknown;
  properties?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** One property change of a fix, in ARM wire terms so it can be recorded and reversed. */
export interface PropertyChange {
  path: string;
  before: unknown;
  after: unknown;
}
