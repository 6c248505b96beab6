/**
 * What the config may not say beyond its schema, checked after it: the app's own rules here, each target's
 * (its free-plan limits, its relations between keys) from its catalog. Every broken rule is reported in one
 * run (ConfigError.all), one line each, not one per run.
 */
import type { Part, RegionName } from "../contracts";
import type { ConfigProblem } from "../components/catalog";
import type { Tier } from "./defaults";
import { ConfigError, describe, fixCommand } from "./errors";
import type { ChosenTargets } from "./schema";

/** The order rules are reported in: the backend's first, as it is what a stack file mostly sets. */
const RULE_ORDER: readonly Part[] = ["backend", "database", "cache", "media", "frontend"];

type Parsed = Record<string, unknown> & {
  adopt: Record<string, unknown>;
  region: RegionName;
  backend?: Record<string, unknown>;
};

/** Throws one {@link ConfigError} holding every rule the config breaks: the app's, then each target's always, then its tier's. */
export function checkTierRules(cfg: Parsed, tier: Tier, stack: string, chosen: ChosenTargets): void {
  const errors: ConfigError[] = [];
  const b = cfg.backend;
  if (b && b.image !== undefined && b.build !== undefined) {
    errors.push(
      new ConfigError(
        "webapp:backend",
        `webapp:backend sets both backend.image and backend.build; keep one: remove backend.build to deploy the prebuilt image, or backend.image to build from source. Fix: pulumi config rm --path webapp:backend.build --stack ${stack}`,
      ),
    );
  }
  if (b && b.image === undefined && b.build === undefined) {
    errors.push(
      problemError(stack, tier, {
        path: "backend.image",
        value: undefined,
        why: "set backend.image (a prebuilt image pinned by digest) or backend.build (context + GHCR repository)",
        fix: "ghcr.io/<owner>/<name>@sha256:<digest>",
      }),
    );
  }
  const worker = b?.worker === true;
  for (const phase of ["always", tier] as const) {
    for (const part of RULE_ORDER) {
      const catalog = chosen[part];
      const rule = catalog?.rules?.[phase];
      if (!catalog || !rule) continue;
      const own = Object.fromEntries(Object.keys(catalog.own ?? {}).map((k) => [k, cfg[k]]));
      const settings = cfg[part] as Record<string, unknown>;
      for (const problem of rule({ tier, settings, adopt: cfg.adopt, own, worker, region: cfg.region })) {
        errors.push(problemError(stack, tier, problem, phase !== "always"));
      }
    }
  }
  if (errors.length > 0) throw ConfigError.all(errors);
}

function problemError(stack: string, tier: Tier, p: ConfigProblem, tierRule = false): ConfigError {
  const why = tierRule && tier === "free" ? `${p.why} on the free tier (webapp:tier is free)` : p.why;
  const fix =
    p.fix === undefined
      ? `pulumi config rm --path webapp:${p.path} --stack ${stack}`
      : p.fix.startsWith("pulumi ")
        ? `${p.fix} --stack ${stack}`
        : fixCommand(stack, p.path, p.fix);
  return new ConfigError(`webapp:${p.path}`, `webapp:${p.path} is ${describe(p.value)}; ${why}. Fix: ${fix}`);
}
