import { createHash } from "node:crypto";
import type { PlanReport, ReportResource } from "./report";

/** The App component: its direct component children are the architecture's boxes. */
const APP_TYPE = "webapp:app:App";

/** How each provider package is named for people; the type token's own spelling otherwise. */
const PROVIDER_NAMES: Record<string, string> = {
  render: "Render",
  neon: "Neon",
  cloudinary: "Cloudinary",
  upstash: "Upstash",
  vercel: "Vercel",
  "docker-build": "Docker",
  random: "Random",
  webapp: "webapp",
};

/**
 * A short readable name for a type token: the provider and the type's own name, e.g.
 * `pulumi-nodejs:dynamic/render:WebService` -> `Render WebService`,
 * `vercel:index/projectDomain:ProjectDomain` -> `Vercel ProjectDomain`.
 */
export function typeLabel(type: string): string {
  const [pkg, module, name] = type.split(":");
  if (name === undefined) return type;
  // Dynamic resources carry their provider in the module (`dynamic/render`); bridged ones in the package.
  const provider = pkg === "pulumi-nodejs" ? module.replace(/^dynamic\//, "") : pkg;
  return `${PROVIDER_NAMES[provider] ?? provider} ${name}`;
}

/**
 * The architecture as a mermaid `flowchart LR`: one box per component under the App (a short label: the
 * component's type and the services its resources live on), one box per provider for the App's own resources
 * (e.g. generated secrets), and an edge for each value one box hands another, labelled with what it is: the
 * environment variable's name (`DATABASE_URL`, `NEXT_PUBLIC_API_URL`), else the input's name. Resources inside
 * a box (env-var resources included) are folded into it; wiring inside a box is left out.
 *
 * Drawn from the planned inputs' provenance (`inputDependencies`); a dependency it does not explain (an
 * explicit `dependsOn`) is an unlabelled edge. Sorted throughout, so one stack always gives the same text (the
 * README diagram test relies on it). No input value ever reaches the diagram, so nothing known only after
 * deploy can look real in it.
 */
export function formatMermaid(report: PlanReport): string {
  const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
  const apps = new Set(report.resources.filter((r) => r.type === APP_TYPE).map((r) => r.urn));
  const components = report.resources.filter(
    (r) => !r.custom && r.parent !== undefined && apps.has(r.parent),
  );
  const componentUrns = new Set(components.map((c) => c.urn));

  /** The box a resource is drawn in: its nearest component ancestor, else its provider's box. */
  const boxOf = (r: ReportResource): string => {
    for (let p = r.parent; p !== undefined; p = byUrn.get(p)?.parent) {
      if (componentUrns.has(p)) return p;
    }
    return `provider:${providerOf(r.type)}`;
  };

  const custom = report.resources.filter((r) => r.custom);
  const members = new Map<string, ReportResource[]>();
  for (const r of custom) members.set(boxOf(r), [...(members.get(boxOf(r)) ?? []), r]);
  const ids = boxIds(report, [...members.keys(), ...componentUrns]);
  const label = (box: string): string => {
    const inside = members.get(box) ?? [];
    const services = [...new Set(inside.map((r) => providerName(r.type)))].sort(compare).join(" + ");
    if (box.startsWith("provider:")) {
      const kinds = [...new Set(inside.map((r) => r.type.split(":").pop()!))].sort(compare);
      return `${services}<br/>${kinds.map((k) => `${k} ×${inside.filter((r) => r.type.endsWith(`:${k}`)).length}`).join(", ")}`;
    }
    const type = byUrn.get(box)!.type.split(":").pop()!;
    return services ? `${type}<br/>${services}` : type;
  };

  const out = ["flowchart LR"];
  for (const box of [...new Set([...componentUrns, ...members.keys()])].sort((a, b) =>
    compare(ids.get(a)!, ids.get(b)!),
  )) {
    out.push(`  ${ids.get(box)}["${label(box)}"]`);
  }

  const edges = new Map<string, Set<string>>();
  const edge = (from: string, to: string, what?: string) => {
    const key = `${ids.get(from)} ${ids.get(to)}`;
    const labels = edges.get(key) ?? new Set<string>();
    if (what) labels.add(what);
    edges.set(key, labels);
  };
  for (const r of custom) {
    const to = boxOf(r);
    const explained = new Set<string>();
    for (const [at, urns] of Object.entries(r.inputDependencies ?? {})) {
      for (const urn of urns) {
        const source = byUrn.get(urn);
        explained.add(urn);
        if (source?.custom && boxOf(source) !== to) edge(boxOf(source), to, wireName(r, at));
      }
    }
    for (const dep of r.dependencies) {
      const target = byUrn.get(dep);
      if (!target || explained.has(dep)) continue;
      // A dependency on a whole component is drawn from its box; one on another container is not wiring.
      const from = target.custom ? boxOf(target) : componentUrns.has(dep) ? dep : undefined;
      if (from !== undefined && from !== to) edge(from, to);
    }
  }
  for (const key of [...edges.keys()].sort(compare)) {
    const [from, to] = key.split(" ");
    const labels = [...edges.get(key)!].sort(compare);
    out.push(labels.length ? `  ${from} -- "${labels.join("<br/>")}" --> ${to}` : `  ${from} --> ${to}`);
  }
  return out.join("\n") + "\n";
}

/** What a value handed across boxes is called: its variable's name, else the input's own name. */
function wireName(r: ReportResource, at: string): string {
  const env = /^envVars\.(.+)$/.exec(at);
  if (env) return env[1];
  // One variable as its own resource (Vercel's, Render's render:EnvVar): named by its key.
  if (/(EnvironmentVariable|:EnvVar)$/.test(r.type) && typeof r.inputs.key === "string" && at === "value") {
    return r.inputs.key;
  }
  return at.split(/[.[]/)[0];
}

/** `render`, `neon`, `vercel`: the provider package of a type token. */
function providerOf(type: string): string {
  const [pkg, module, name] = type.split(":");
  if (name === undefined) return type;
  return pkg === "pulumi-nodejs" ? module.replace(/^dynamic\//, "") : pkg;
}

function providerName(type: string): string {
  return PROVIDER_NAMES[providerOf(type)] ?? providerOf(type);
}

/**
 * Mermaid-safe ids (letters, digits, `_`): a component's name (`webapp_dev_backend`), or `provider_<name>`.
 * Two boxes that would read alike get a suffix from a hash, so ids never depend on registration order.
 */
function boxIds(report: PlanReport, boxes: string[]): Map<string, string> {
  const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
  const readable = (box: string) =>
    (box.startsWith("provider:") ? box.replace(":", "_") : byUrn.get(box)!.name).replace(
      /[^A-Za-z0-9]/g,
      "_",
    );
  const unique = [...new Set(boxes)];
  const counts = new Map<string, number>();
  for (const b of unique) counts.set(readable(b), (counts.get(readable(b)) ?? 0) + 1);
  return new Map(
    unique.map((b) => {
      const id = readable(b);
      return [
        b,
        counts.get(id) === 1 ? id : `${id}_${createHash("sha256").update(b).digest("hex").slice(0, 8)}`,
      ];
    }),
  );
}

/** Code-point order, independent of the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
