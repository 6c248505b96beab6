/**
 * Counts the HTTP requests each Render provider operation makes, through the local fake API, and checks
 * the sustained rate against Render's documented limits. Run: `node -r sucrase/register/ts bench/providers.ts`
 * (or `npm run bench`). Exits 1 if a target is missed.
 */

import { rateLimitBucket, rateLimitFor, resetRender, tuneRender } from "../providers/render/client";
import { ServiceInputs, ServiceOutputs } from "../providers/render/service";
import { webServiceProvider as p } from "../providers/render/web-service";
import { FakeRenderApi } from "../test/fakes/render-api";

interface Row {
  operation: string;
  requests: number;
  target: string;
  ok: boolean;
  detail: string;
}

async function main(): Promise<void> {
  const api = new FakeRenderApi();
  await api.start();
  process.env.RENDER_API_KEY = api.apiKey;
  process.env.RENDER_OWNER_ID = api.ownerId;
  process.env.RENDER_API_URL = api.url;
  let clock = Date.now();
  api.now = () => clock;
  resetRender();
  tuneRender({ now: () => clock, sleep: async (ms) => void (clock += ms) });

  const rows: Row[] = [];
  const measure = async <T>(
    operation: string,
    target: number,
    fn: () => Promise<T>,
    extra = "",
  ): Promise<T> => {
    api.clearLog();
    const out = await fn();
    const counts = api.counts();
    const requests = api.requests.length;
    rows.push({
      operation,
      requests,
      target: `<= ${target}${extra}`,
      ok: requests <= target,
      detail: Object.entries(counts)
        .map(([k, n]) => `${n}x ${k}`)
        .join(", "),
    });
    return out;
  };

  const inputs: ServiceInputs = {
    name: "bench-api",
    image: "ghcr.io/acme/api:v1",
    plan: "standard",
    region: "oregon",
    envVars: { A: "1", B: "2" },
    customDomains: ["api.example.com", "www.example.com"],
  };
  const created = await measure(
    "create web service (2 custom domains)",
    3 + 2,
    () => p.create(inputs),
    " (3 + 1/domain)",
  );
  const outs = created.outs as ServiceOutputs;
  await measure("read web service", 3, () => p.read!(created.id, outs));
  await measure("diff, unchanged inputs", 0, () => p.diff!(created.id, outs, inputs));
  await measure("no-op update (diff says no change)", 0, async () => {
    const d = await p.diff!(created.id, outs, inputs);
    if (d.changes) await p.update!(created.id, outs, inputs);
  });
  // Three, not two: before its POST the update lists the service's deploys (GET /deploys), so the deploy it
  // waits for is the one that was not there before, never an earlier one taken for ours, with no clock
  // involved (issue 15 item 7; test/providers/render/deploy-identity.test.ts).
  await measure(
    "update image",
    3,
    () => p.update!(created.id, outs, { ...inputs, image: "ghcr.io/acme/api:v2" }),
    " (PATCH + list + deploy)",
  );
  await measure("delete", 1, () => p.delete!(created.id, outs));

  // Sustained rate: 25 creates, then 15 config updates of one service, as fast as the provider allows.
  api.clearLog();
  let refused = 0;
  for (let i = 0; i < 25; i++) {
    try {
      await p.create({ ...inputs, name: `rate-${i}`, customDomains: undefined });
    } catch {
      refused += 1;
    }
  }
  const createLog = [...api.requests];
  const serviceId = [...api.services.keys()][0];
  let olds = (await p.read!(serviceId, {} as ServiceOutputs)).props as ServiceOutputs;
  api.clearLog();
  for (let i = 0; i < 15; i++) {
    olds = { ...olds, ...(await p.update!(serviceId, olds, { ...olds, healthCheckPath: `/h${i}` })).outs };
  }
  const updateLog = [...api.requests];
  await api.stop();

  const create = rateLimitFor("create");
  const service = rateLimitFor(`service:${serviceId}`);
  const creates = createLog.filter((r) => rateLimitBucket(r.method, r.path) === "create");
  const writes = updateLog.filter((r) => rateLimitBucket(r.method, r.path) === `service:${serviceId}`);
  const peakCreates = peak(
    creates.map((r) => r.at),
    create.windowMs,
  );
  const peakWrites = peak(
    writes.map((r) => r.at),
    service.windowMs,
  );
  const tooMany = [...createLog, ...updateLog].filter((r) => r.status === 429).length;

  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - s.length));
  console.log("Render provider HTTP requests per operation (local fake API)\n");
  console.log(`${pad("operation", 40)}${pad("requests", 10)}${pad("target", 30)}${pad("ok", 5)}calls`);
  console.log("-".repeat(120));
  for (const r of rows) {
    console.log(
      `${pad(r.operation, 40)}${pad(String(r.requests), 10)}${pad(r.target, 30)}${pad(r.ok ? "yes" : "NO", 5)}${r.detail}`,
    );
  }
  console.log("\nPeak rate in any rolling window vs Render's documented limits (virtual clock):");
  console.log(
    `  POST /services: ${peakCreates} per hour (${creates.length} sent for 25 creates, ${refused} refused locally); limit ${create.limit}/hour -> ${peakCreates <= create.limit ? "within" : "EXCEEDED"}`,
  );
  console.log(
    `  PATCH + POST deploys, one service: ${peakWrites} per minute (${writes.length} sent for 15 updates); limit ${service.limit}/minute -> ${peakWrites <= service.limit ? "within" : "EXCEEDED"}`,
  );
  console.log(`  429 answers from the API: ${tooMany}`);
  if (peakCreates > create.limit || peakWrites > service.limit || tooMany > 0) process.exitCode = 1;
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

/** Most events inside any window of `windowMs` ending at an event. */
function peak(times: number[], windowMs: number): number {
  let best = 0;
  for (const t of times) best = Math.max(best, times.filter((u) => u > t - windowMs && u <= t).length);
  return best;
}

main().catch((e: unknown) => {
  console.error(String(e));
  process.exitCode = 1;
});
