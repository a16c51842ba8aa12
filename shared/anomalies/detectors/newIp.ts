import type { HourlyAggregate } from "../aggregate.ts";
import type { ActivityIndex } from "../activity.ts";
import { unseenProbability } from "../statistics.ts";
import type { Anomaly } from "../types.ts";
import { anomalyOf, round } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

/**
 * The network an address belongs to, as far as one client's addresses usually vary: the /24 of
 * an IPv4 address (an office's NAT pool), the /64 of an IPv6 one (a site's subnet).
 */
export function addressNetwork(address: string): string {
  if (address.includes(":")) return address.toLowerCase().split(":").slice(0, 4).join(":");
  const octets = address.split(".");
  return octets.length === 4 ? octets.slice(0, 3).join(".") : address;
}

/**
 * new-ip: a caller known on the vault succeeds from an address it never used in the baseline,
 * on any vault, and outside the networks of the addresses it did use. How unusual that is
 * depends on the caller: the Good-Turing chance of a new address (addresses used in exactly one
 * baseline hour, over all address-hours) is high for a laptop on the move and tiny for a service
 * with fixed egress; only chances at or below `newIpAlpha` are reported. Lower severity: a new
 * address alone is weak evidence.
 */
export function detectNewIps(index: ActivityIndex, options: DetectorOptions): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const pair of index.pairs) {
    if (pair.anonymous || pair.firstSeen === undefined) continue;
    const known = index.callerAddressHours.get(pair.callerKey);
    if (!known) continue;
    const knownNetworks = new Set([...known.keys()].map(addressNetwork));
    const fromNewAddress = (request: HourlyAggregate) =>
      request.resultClass === "success" && request.clientIp !== "" && !known.has(request.clientIp) && !knownNetworks.has(addressNetwork(request.clientIp));
    const requests = pair.window.filter(fromNewAddress);
    if (requests.length === 0) continue;
    const chanceOfNew = unseenProbability(known.values());
    if (chanceOfNew > options.newIpAlpha) continue;
    anomalies.push(
      anomalyOf("new-ip", pair, requests, "low", Math.log(chanceOfNew), {
        newAddresses: [...new Set(requests.map((request) => request.clientIp))].sort(),
        knownAddresses: known.size,
        chanceOfNewAddress: round(chanceOfNew, 4),
        requests: requests.reduce((sum, request) => sum + request.count, 0),
      }),
    );
  }
  return anomalies;
}
