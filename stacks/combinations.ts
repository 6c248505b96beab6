/**
 * Which targets may be mixed in one stack. Each target's own keys are its catalog's business; whether one
 * part can reach another is a property of the pair, so it is stated here once: the self-hosted parts live on
 * a Docker host's internal network (never published, the `docker-*` policies), so only containers of that
 * host reach them, and the nginx proxy is that host's only public side.
 */
import type { Part } from "../contracts";
import { DOCKER_TARGETS, type DockerHostSettings } from "../components/docker/catalogs";
import { ConfigError, describe, fixCommand } from "./errors";

interface CombinationConfig {
  domains: { api?: string; frontend?: string };
  docker?: DockerHostSettings;
}

export function combinationErrors(
  targets: Readonly<Record<Part, string>>,
  cfg: CombinationConfig,
  stack: string,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const fail = (path: string, value: unknown, why: string, fix: string) =>
    errors.push(
      new ConfigError(`webapp:${path}`, `webapp:${path} is ${describe(value)}; ${why}. Fix: ${fix}`),
    );
  const dockerBackend = targets.backend === DOCKER_TARGETS.docker;
  const onHost: Array<[Part, string]> = [
    ["database", DOCKER_TARGETS.docker],
    ["cache", DOCKER_TARGETS.docker],
    ["media", DOCKER_TARGETS.volume],
  ];

  for (const [part, name] of onHost) {
    if (targets[part] === name && !dockerBackend) {
      fail(
        `${part}.target`,
        name,
        `a ${targets.backend} backend cannot reach the ${part} on the Docker host's internal network (it is never published)`,
        fixCommand(stack, "backend.target", DOCKER_TARGETS.docker),
      );
    }
  }
  if (targets.frontend === DOCKER_TARGETS.nginx && !dockerBackend) {
    fail(
      "frontend.target",
      DOCKER_TARGETS.nginx,
      `the nginx proxy routes /api/ and /admin/ to a backend container on its own host, and the backend target is ${targets.backend}`,
      fixCommand(stack, "backend.target", DOCKER_TARGETS.docker),
    );
  }
  if (dockerBackend && targets.frontend !== DOCKER_TARGETS.nginx) {
    fail(
      "backend.target",
      DOCKER_TARGETS.docker,
      `the docker backend is reached only through the host's nginx proxy, and the frontend target is ${targets.frontend}`,
      fixCommand(stack, "frontend.target", DOCKER_TARGETS.nginx),
    );
  }
  if (targets.frontend === DOCKER_TARGETS.nginx) {
    if (!cfg.domains.frontend) {
      fail(
        "domains.frontend",
        undefined,
        "the nginx proxy serves the site and the API (/api/) under this name, with the configured certificate",
        fixCommand(stack, "domains.frontend", "shop.example.com"),
      );
    }
    if (cfg.domains.api !== undefined) {
      fail(
        "domains.api",
        cfg.domains.api,
        "the nginx proxy serves the API at https://<domains.frontend>/api/, not on a host of its own",
        `pulumi config rm --path webapp:domains.api --stack ${stack}`,
      );
    }
  }
  // An internal network has no route off the host: a backend using a managed service needs the egress network.
  const managed = (["database", "cache", "media"] as const).filter(
    (p) => targets[p] !== "none" && !onHost.some(([part, name]) => part === p && targets[p] === name),
  );
  if (dockerBackend && managed.length > 0 && !cfg.docker?.egress) {
    fail(
      "docker.egress",
      cfg.docker?.egress ?? false,
      `the docker backend calls ${managed.map((p) => `${p} on ${targets[p]}`).join(", ")} off the host, which an internal network cannot reach`,
      fixCommand(stack, "docker.egress", "true"),
    );
  }
  return errors;
}
