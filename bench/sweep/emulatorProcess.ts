// The ARM emulator in a process of its own, so a benchmark's figures (memory, CPU) are the
// product's alone. Started by bench/sweep/run.ts with fork(): the options come as the one
// argument (JSON), the endpoint and certificate go back over IPC, and so do the request counts.
import { generateEstate, startEmulator, type ThrottleConfig } from "../../emulator/index.ts";

interface Options {
  resources: number;
  subscriptions: string[];
  seed: number;
  throttle: Partial<ThrottleConfig>;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const emulator = await startEmulator({ estate: generateEstate(options.resources, options.subscriptions, options.seed), subscriptions: options.subscriptions, throttle: options.throttle });
const isGraph = (path: string) => /^\/providers\/microsoft\.resourcegraph\//i.test(path);

process.on("message", async (message: string) => {
  if (message === "stats") {
    const ok = emulator.requests.filter((r) => r.status !== 429);
    process.send!({
      armReads: ok.filter((r) => (r.method === "GET" || r.method === "HEAD") && !isGraph(r.path)).length,
      armWrites: ok.filter((r) => r.method !== "GET" && r.method !== "HEAD" && !isGraph(r.path) && r.status < 300).length,
      graphQueries: ok.filter((r) => isGraph(r.path)).length,
      throttled429: emulator.requests.filter((r) => r.status === 429).length,
      armReadsPerSubscription: Math.max(
        0,
        ...Object.values(
          ok
            .filter((r) => r.method === "GET" && !isGraph(r.path))
            .reduce<Record<string, number>>((counts, r) => {
              const subscription = /^\/subscriptions\/([^/]+)/i.exec(r.path)?.[1]?.toLowerCase() ?? "tenant";
              counts[subscription] = (counts[subscription] ?? 0) + 1;
              return counts;
            }, {}),
        ),
      ),
    });
  } else if (message === "stop") {
    await emulator.stop();
    process.exit(0);
  }
});
process.send!({ endpoint: emulator.endpoint, ca: emulator.ca });
