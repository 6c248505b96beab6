/**
 * Mistakes no single key shows: each value is valid on its own, the combination is not. One line each,
 * with the command that fixes it; all of them reported in one run.
 */
import { ConfigError, describe, fixCommand } from "./errors";

/** The parts a stack has, as the schema returned them (a part left out is absent). */
interface CrossFieldConfig {
  domains: { api?: string; frontend?: string };
  adopt: Record<string, unknown>;
  backend?: { build?: { repository: string }; worker?: boolean };
  frontend?: { repository?: string };
}

export function crossFieldErrors(cfg: CrossFieldConfig, stack: string): ConfigError[] {
  const errors: ConfigError[] = [];
  const fail = (path: string, value: unknown, why: string, fix: string) =>
    errors.push(
      new ConfigError(`webapp:${path}`, `webapp:${path} is ${describe(value)}; ${why}. Fix: ${fix}`),
    );
  const rm = (path: string) =>
    `pulumi config rm --path ${path.includes("[") ? `'webapp:${path}'` : `webapp:${path}`} --stack ${stack}`;

  // One host cannot point at both Render (the API) and Vercel (the site): one of the two never verifies.
  const { api, frontend } = cfg.domains;
  if (api !== undefined && api === frontend) {
    const [first, ...parent] = frontend.split(".");
    const other = `${first === "api" ? "www" : "api"}.${parent.join(".")}`;
    fail(
      "domains.api",
      api,
      "it is also webapp:domains.frontend, and one host cannot serve both the API (Render) and the site (Vercel)",
      fixCommand(stack, "domains.api", parent.length > 1 ? other : `api.${frontend}`),
    );
  }

  // A clone URL's `.git` is no part of a repository's name: Vercel would look for `web.git`, GHCR push to it.
  const repository = cfg.frontend?.repository;
  if (repository?.endsWith(".git")) {
    fail(
      "frontend.repository",
      repository,
      "a GitHub repository is owner/name, without the clone URL's .git",
      fixCommand(stack, "frontend.repository", repository.slice(0, -4)),
    );
  }
  const build = cfg.backend?.build;
  if (build?.repository.endsWith(".git")) {
    fail(
      "backend.build.repository",
      build.repository,
      "an image repository such as ghcr.io/acme/api, not a git clone URL",
      fixCommand(stack, "backend.build.repository", build.repository.slice(0, -4)),
    );
  }

  // An adopt id for a part the stack does not run would be ignored silently.
  if (cfg.adopt.backendWorker !== undefined && !cfg.backend?.worker) {
    fail(
      "adopt.backendWorker",
      cfg.adopt.backendWorker,
      "the stack runs no background worker (webapp:backend.worker is false), so nothing would adopt it",
      rm("adopt.backendWorker"),
    );
  }
  // The adopted domain is the site's domain: another webapp:domains.frontend would leave it unused.
  const adoptedDomain = cfg.adopt.vercelDomain;
  if (adoptedDomain !== undefined && frontend !== undefined && adoptedDomain !== frontend) {
    fail(
      "adopt.vercelDomain",
      adoptedDomain,
      `the adopted domain is the site's domain, but webapp:domains.frontend is ${JSON.stringify(frontend)}`,
      `pulumi config rm --path webapp:domains.frontend --stack ${stack}`,
    );
  }
  return errors;
}
