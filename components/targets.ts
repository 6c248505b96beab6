/**
 * The target registry: which targets each part may use. A built-in target is one line below; another (a new
 * vendor folder, or a test's fake) calls {@link registerTarget} before the stack loads. The entries hold only
 * catalogs (pure data) and a loader, so stacks/, policies and the plan read them without loading any cloud
 * SDK, and a stack loads the components of the targets it uses only.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaders defer the component modules until a stack uses them */
import type { Part } from "../contracts";
import type { Target, TargetCatalog } from "./catalog";
import { cloudflarePagesCatalog } from "./cloudflare/catalog";
import { cloudinaryCatalog } from "./cloudinary/catalog";
import * as selfHosted from "./docker/catalogs";
import { neonCatalog } from "./neon/catalog";
import { renderCatalog } from "./render/catalog";
import { renderFrontendCatalog } from "./render/frontend-catalog";
import { renderKeyValueCatalog } from "./render/keyvalue-catalog";
import { renderPostgresCatalog } from "./render/postgres-catalog";
import { singleAppCatalog } from "./single-app/catalog";
import { upstashCatalog } from "./upstash/catalog";
import { vercelCatalog } from "./vercel/catalog";

/** The built-in targets: registered below, while this module loads. */
const builtIn: Target[] = [];
/**
 * The targets registered from outside, once per process: the offline plan runs the program's modules afresh
 * for every plan (tools/plan/reload.ts), so a copy of this module loaded by a later plan must know a target
 * registered before, and so must the plan's mocks, which read the copy loaded first.
 */
const ADDED = Symbol.for("webapp:targets:added");
const added: Target[] = ((globalThis as { [ADDED]?: Target[] })[ADDED] ??= []);
const registry = (): Target[] => [...builtIn, ...added];

/** Adds a target; a second target of one name for one part is refused. */
export function registerTarget<P extends Part>(target: Target<P>): void {
  const { part, name } = target.catalog;
  if (findTarget(part, name)) {
    throw new Error(`A ${part} target named "${name}" is already registered.`);
  }
  // While this module loads (`module.loaded` is still false) only its own lines below register.
  (module.loaded ? added : builtIn).push(target as unknown as Target);
}

/** Takes a target out again (tests that registered one). */
export function unregisterTarget(part: Part, name: string): void {
  for (const list of [builtIn, added]) {
    const i = list.findIndex((t) => t.catalog.part === part && t.catalog.name === name);
    if (i >= 0) list.splice(i, 1);
  }
}

export function findTarget<P extends Part>(part: P, name: string): Target<P> | undefined {
  return registry().find((t) => t.catalog.part === part && t.catalog.name === name) as Target<P> | undefined;
}

/** The names of the targets a part may use, in registration order. */
export function targetNames(part: Part): string[] {
  return registry()
    .filter((t) => t.catalog.part === part)
    .map((t) => t.catalog.name);
}

/** Every registered target's catalog: what policies and the plan read. */
export function catalogs(): TargetCatalog[] {
  return registry().map((t) => t.catalog);
}

/** The part's target when a stack names none: today's vendor, so existing stacks keep theirs. */
export const DEFAULT_TARGETS: Readonly<Record<Part, string>> = {
  database: neonCatalog.name,
  cache: upstashCatalog.name,
  media: cloudinaryCatalog.name,
  backend: renderCatalog.name,
  frontend: vercelCatalog.name,
};

registerTarget({
  catalog: neonCatalog,
  load: () => (require("./neon/build") as typeof import("./neon/build")).neonBuilder,
});
registerTarget({
  catalog: upstashCatalog,
  load: () => (require("./upstash/build") as typeof import("./upstash/build")).upstashBuilder,
});
registerTarget({
  catalog: cloudinaryCatalog,
  load: () => (require("./cloudinary/build") as typeof import("./cloudinary/build")).cloudinaryBuilder,
});
registerTarget({
  catalog: renderCatalog,
  load: () => (require("./render/build") as typeof import("./render/build")).renderBuilder,
});
registerTarget({
  catalog: vercelCatalog,
  load: () => (require("./vercel/build") as typeof import("./vercel/build")).vercelBuilder,
});
// The self-hosted targets (docs/self-hosted.md): one Docker host per stack, shared by these.
const dockerBuild = () => require("./docker/build") as typeof import("./docker/build");
registerTarget({
  catalog: selfHosted.dockerDatabaseCatalog,
  load: () => dockerBuild().dockerDatabaseBuilder,
});
registerTarget({ catalog: selfHosted.dockerCacheCatalog, load: () => dockerBuild().dockerCacheBuilder });
registerTarget({ catalog: selfHosted.volumeMediaCatalog, load: () => dockerBuild().volumeMediaBuilder });
registerTarget({ catalog: selfHosted.dockerBackendCatalog, load: () => dockerBuild().dockerBackendBuilder });
registerTarget({ catalog: selfHosted.nginxCatalog, load: () => dockerBuild().nginxBuilder });
registerTarget({
  catalog: cloudflarePagesCatalog,
  load: () => (require("./cloudflare/build") as typeof import("./cloudflare/build")).cloudflarePagesBuilder,
});
registerTarget({
  catalog: renderPostgresCatalog,
  load: () =>
    (require("./render/postgres-build") as typeof import("./render/postgres-build")).renderPostgresBuilder,
});
registerTarget({
  catalog: renderKeyValueCatalog,
  load: () =>
    (require("./render/keyvalue-build") as typeof import("./render/keyvalue-build")).renderKeyValueBuilder,
});
registerTarget({
  catalog: renderFrontendCatalog,
  load: () =>
    (require("./render/frontend-build") as typeof import("./render/frontend-build")).renderFrontendBuilder,
});
registerTarget({
  catalog: singleAppCatalog,
  load: () => (require("./single-app/build") as typeof import("./single-app/build")).singleAppBuilder,
});
