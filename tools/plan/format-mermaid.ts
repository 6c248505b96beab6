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
 * The architecture as a mermaid `flowchart LR`, drawn from the planned resource graph: one subgraph per
 * component under the App, its custom resources as nodes, and an edge from each resource to every resource
 * of another component (or of the App itself) it depends on. Edges inside a component are left out: they
 * are the component's own business and would bury the wiring between services.
 *
 * Sorted throughout and keyed by URN only, so one stack always gives the same text (the README diagram test
 * relies on it). Names and types are all it shows; no input value ever reaches the diagram.
 */
export function formatMermaid(report: PlanReport): string {
  const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
  const apps = new Set(report.resources.filter((r) => r.type === APP_TYPE).map((r) => r.urn));
  const components = report.resources.filter(
    (r) => !r.custom && r.parent !== undefined && apps.has(r.parent),
  );
  const componentUrns = new Set(components.map((c) => c.urn));

  /** The component a resource is drawn in: its nearest ancestor among the boxes, or none (the App's own). */
  const groupOf = (r: ReportResource): string | undefined => {
    for (let p = r.parent; p !== undefined; p = byUrn.get(p)?.parent) {
      if (componentUrns.has(p)) return p;
    }
    return undefined;
  };

  const ids = nodeIds(report.resources);
  const custom = report.resources.filter((r) => r.custom);
  const members = new Map<string | undefined, ReportResource[]>();
  for (const r of custom) members.set(groupOf(r), [...(members.get(groupOf(r)) ?? []), r]);
  const node = (r: ReportResource) => `${ids.get(r.urn)}["${typeLabel(r.type)}<br/>${r.name}"]`;
  const byId = (a: ReportResource, b: ReportResource) => compare(ids.get(a.urn)!, ids.get(b.urn)!);

  const out = ["flowchart LR"];
  for (const c of [...components].sort(byId)) {
    out.push(`  subgraph ${ids.get(c.urn)}["${c.type.split(":").pop()}<br/>${c.name}"]`);
    for (const r of (members.get(c.urn) ?? []).sort(byId)) out.push(`    ${node(r)}`);
    out.push("  end");
  }
  for (const r of (members.get(undefined) ?? []).sort(byId)) out.push(`  ${node(r)}`);

  const edges = new Set<string>();
  for (const r of custom) {
    for (const dep of r.dependencies) {
      const target = byUrn.get(dep);
      if (!target) continue;
      // A dependency on a whole component is drawn to its box; one on another container is not wiring.
      const drawn = target.custom
        ? groupOf(target) !== groupOf(r)
        : componentUrns.has(dep) && dep !== groupOf(r);
      if (drawn) edges.add(`  ${ids.get(r.urn)} --> ${ids.get(dep)}`);
    }
  }
  out.push(...[...edges].sort(compare));
  return out.join("\n") + "\n";
}

/**
 * Mermaid-safe ids (letters, digits, `_`) from each URN's type and name, e.g.
 * `render_WebService__webapp_dev_backend_web`. Two URNs that would read alike (same type name and
 * resource name under different parents) both get a suffix from their URN's hash, so ids stay unique and
 * never depend on the order resources were registered in.
 */
function nodeIds(resources: ReportResource[]): Map<string, string> {
  const readable = (r: ReportResource) => {
    const [pkg, module, name] = r.type.split(":");
    const kind =
      name === undefined
        ? r.type
        : `${pkg === "pulumi-nodejs" ? module.replace(/^dynamic\//, "") : pkg}_${name}`;
    return `${kind}__${r.name}`.replace(/[^A-Za-z0-9]/g, "_");
  };
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(readable(r), (counts.get(readable(r)) ?? 0) + 1);
  return new Map(
    resources.map((r) => {
      const id = readable(r);
      const unique =
        counts.get(id) === 1 ? id : `${id}_${createHash("sha256").update(r.urn).digest("hex").slice(0, 8)}`;
      return [r.urn, unique];
    }),
  );
}

/** Code-point order, independent of the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
