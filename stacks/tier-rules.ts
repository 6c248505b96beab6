/** What the free tier refuses or fixes, checked after the schema: one rule per service, one-line errors. */
import type { Tier } from "./defaults";
import { FREE_MEDIA_LIMIT_MB } from "./defaults";
import { ConfigError, describe, fixCommand } from "./errors";
import type { ParsedStackConfig } from "./schema";

/** Config keys that exist only on paid plans, and what the free-tier service says about them. */
export function checkTierRules(cfg: ParsedStackConfig, tier: Tier, stack: string): void {
  // Every broken rule is reported in one run (ConfigError.all), not one per run.
  const errors: ConfigError[] = [];
  const fail = (path: string, value: unknown, why: string, fix: string): void => {
    errors.push(
      new ConfigError(`webapp:${path}`, `webapp:${path} is ${describe(value)}; ${why}. Fix: ${fix}`),
    );
  };
  const done = () => {
    if (errors.length > 0) throw ConfigError.all(errors);
  };
  const b = cfg.backend;
  if (b.image !== undefined && b.build !== undefined) {
    errors.push(
      new ConfigError(
        "webapp:backend",
        `webapp:backend sets both backend.image and backend.build; keep one: remove backend.build to deploy the prebuilt image, or backend.image to build from source. Fix: pulumi config rm --path webapp:backend.build --stack ${stack}`,
      ),
    );
  }
  if (b.image === undefined && b.build === undefined) {
    fail(
      "backend.image",
      undefined,
      "set backend.image (a prebuilt image pinned by digest) or backend.build (context + GHCR repository)",
      fixCommand(stack, "backend.image", "ghcr.io/<owner>/<name>@sha256:<digest>"),
    );
  }
  if (b.autoscaling && b.autoscaling.max < b.autoscaling.min) {
    fail(
      "backend.autoscaling.max",
      b.autoscaling.max,
      `must be at least backend.autoscaling.min (${b.autoscaling.min})`,
      fixCommand(stack, "backend.autoscaling.max", String(b.autoscaling.min)),
    );
  }
  if (b.worker && cfg.cache.eviction === true) {
    fail(
      "cache.eviction",
      true,
      "the database carries the Celery broker of backend.worker, and eviction drops queued tasks (they have no TTL)",
      `pulumi config rm --path webapp:cache.eviction --stack ${stack}`,
    );
  }
  const adoptedFolder = cfg.adopt.mediaFolder;
  if (adoptedFolder !== undefined && cfg.media.folder !== undefined && cfg.media.folder !== adoptedFolder) {
    fail(
      "adopt.mediaFolder",
      adoptedFolder,
      `the adopted folder is the stack's media folder, but webapp:media.folder is ${describe(cfg.media.folder)}`,
      `pulumi config rm --path webapp:media.folder --stack ${stack}`,
    );
  }
  const d = cfg.database;
  if (d.minCu > d.maxCu) {
    fail(
      "database.minCu",
      d.minCu,
      `must not exceed database.maxCu (${d.maxCu})`,
      fixCommand(stack, "database.minCu", "0.25"),
    );
  }
  if (tier === "paid") {
    if (b.plan === "free") {
      fail(
        "backend.plan",
        b.plan,
        "a paid stack runs on a paid Render plan (starter, standard, pro, ...)",
        fixCommand(stack, "backend.plan", "standard"),
      );
    }
    if (b.autoscaling && cfg.render.workspace === "hobby") {
      fail(
        "backend.autoscaling",
        b.autoscaling,
        "Render autoscales only in a Professional workspace or higher (webapp:render.workspace is hobby)",
        fixCommand(stack, "render.workspace", "professional"),
      );
    }
    return done();
  }
  // What each free plan refuses: [key, value, refused?, why, value that fixes it (undefined: remove the key)].
  const freeRules: Array<[string, unknown, boolean, string, string | undefined]> = [
    ["backend.plan", b.plan, b.plan !== "free", "Render bills every plan but free", "free"],
    ["backend.instances", b.instances, b.instances !== 1, "Render free web services run one instance", "1"],
    [
      "backend.autoscaling",
      b.autoscaling,
      !!b.autoscaling,
      "Render free web services cannot autoscale",
      undefined,
    ],
    ["backend.worker", b.worker, b.worker, "Render has no free background workers", "false"],
    ["database.maxCu", d.maxCu, d.maxCu > 2, "Neon Free autoscales up to 2 CU", "2"],
    [
      "database.historyRetentionSeconds",
      d.historyRetentionSeconds,
      d.historyRetentionSeconds > 21600,
      "Neon Free keeps at most 21600 s (6 h) of history",
      "21600",
    ],
    [
      "database.suspendTimeoutSeconds",
      d.suspendTimeoutSeconds,
      d.suspendTimeoutSeconds !== undefined,
      "Neon Free scales to zero after 300 s, fixed (it cannot be changed or disabled, and Neon stores 0 whatever is sent)",
      undefined,
    ],
    [
      "cache.readRegions",
      cfg.cache.readRegions,
      cfg.cache.readRegions.length > 0,
      "Upstash read regions are billed per replicated command",
      undefined,
    ],
    ...(cfg.media.presets ?? []).map((p, i): [string, unknown, boolean, string, string] => {
      const limit = FREE_MEDIA_LIMIT_MB[p.resourceType];
      return [
        `media.presets[${i}].maxFileSizeMb`,
        p.maxFileSizeMb,
        p.maxFileSizeMb > limit,
        `Cloudinary Free accepts ${p.resourceType} uploads up to ${limit} MB`,
        String(limit),
      ];
    }),
  ];
  for (const [path, value, refused, why, fixValue] of freeRules) {
    if (!refused) continue;
    fail(
      path,
      value,
      `${why} on the free tier (webapp:tier is free)`,
      fixValue === undefined
        ? `pulumi config rm --path webapp:${path} --stack ${stack}`
        : fixCommand(stack, path, fixValue),
    );
  }
  done();
}
