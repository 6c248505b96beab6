import { PlanReport, ReportResource, usd } from "./report";

/** Inputs worth a reviewer's eye, per type; everything else is in the JSON. */
const KEY_INPUTS: Record<string, string[]> = {
  "pulumi-nodejs:dynamic/render:WebService": [
    "name",
    "plan",
    "region",
    "numInstances",
    "autoscaling",
    "image",
    "healthCheckPath",
    "preDeployCommand",
    "customDomains",
  ],
  "pulumi-nodejs:dynamic/render:BackgroundWorker": [
    "name",
    "plan",
    "region",
    "numInstances",
    "image",
    "startCommand",
  ],
  "pulumi-nodejs:dynamic/render:RegistryCredential": ["name", "registry", "username", "authToken"],
  "pulumi-nodejs:dynamic/neon:Project": [
    "name",
    "regionId",
    "pgVersion",
    "autoscalingMinCu",
    "autoscalingMaxCu",
    "historyRetentionSeconds",
    "suspendTimeoutSeconds",
  ],
  "pulumi-nodejs:dynamic/neon:Branch": ["name", "endpoint"],
  "pulumi-nodejs:dynamic/neon:Role": ["name"],
  "pulumi-nodejs:dynamic/neon:Database": ["name", "ownerName"],
  "pulumi-nodejs:dynamic/cloudinary:Folder": ["path"],
  "pulumi-nodejs:dynamic/cloudinary:UploadPreset": [
    "name",
    "unsigned",
    "resourceType",
    "allowedFormats",
    "maxFileSizeBytes",
  ],
  "upstash:index/redisDatabase:RedisDatabase": [
    "databaseName",
    "region",
    "primaryRegion",
    "readRegions",
    "tls",
    "eviction",
  ],
  "vercel:index/project:Project": ["name", "framework", "gitRepository", "rootDirectory", "resourceConfig"],
  "vercel:index/projectDomain:ProjectDomain": ["domain"],
  "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": [
    "key",
    "value",
    "sensitive",
    "targets",
  ],
  "docker-build:index:Image": ["tags", "push", "platforms", "context"],
  "random:index/randomPassword:RandomPassword": ["length", "special"],
};

export function formatText(report: PlanReport): string {
  const out: string[] = [];
  const children = new Map<string | undefined, ReportResource[]>();
  for (const r of report.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  out.push(
    `Plan of stack "${report.stack}" (project ${report.project}): ${report.resources.length} resources`,
    "",
  );
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      const flags = [r.protect ? "protected" : "", r.retainOnDelete ? "retained on delete" : ""].filter(
        Boolean,
      );
      out.push(`${"  ".repeat(depth)}+ ${r.type}  ${r.name}${flags.length ? `  (${flags.join(", ")})` : ""}`);
      for (const key of KEY_INPUTS[r.type] ?? []) {
        if (r.inputs[key] === undefined) continue;
        out.push(`${"  ".repeat(depth + 2)}${key}: ${inline(r.inputs[key])}`);
      }
      if (
        r.type === "pulumi-nodejs:dynamic/render:WebService" ||
        r.type === "pulumi-nodejs:dynamic/render:BackgroundWorker"
      ) {
        // The engine sees a map holding any secret as one secret, so usually this is just the mask.
        const env = r.inputs.envVars;
        if (env && typeof env === "object") {
          for (const [k, v] of Object.entries(env))
            out.push(`${"  ".repeat(depth + 2)}env ${k}: ${inline(v)}`);
        } else if (env !== undefined) {
          out.push(`${"  ".repeat(depth + 2)}envVars: ${inline(env)}`);
        }
      }
      walk(r.urn, depth + 1);
    }
  };
  walk(undefined, 0);

  out.push("", "Outputs:");
  for (const [k, v] of Object.entries(report.outputs)) out.push(`  ${k}: ${inline(v)}`);

  out.push("", `Estimated monthly cost: ${usd(report.cost.totalUsd)}`);
  for (const line of report.cost.lines.filter((l) => l.monthlyUsd > 0 || l.basis)) {
    out.push(`  ${usd(line.monthlyUsd).padStart(9)}  ${line.name}  (${line.basis})`);
  }

  const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
  out.push(
    "",
    `Policy violations: ${mandatory.length} mandatory, ${report.violations.length - mandatory.length} advisory`,
  );
  for (const v of report.violations) {
    out.push(
      `  [${v.enforcementLevel}] ${v.policyName}${v.urn ? ` (${v.urn.split("::").pop()})` : ""}: ${v.message.replace(/\n/g, " ")}`,
    );
  }
  return out.join("\n") + "\n";
}

function inline(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
