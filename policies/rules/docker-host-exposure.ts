import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { DOCKER_TYPES, POLICY_FACTS, ROLE_LABEL, type ContainerRole } from "../../components/docker/catalog";
import { checkEach, forTypes } from "../lib/helpers";

/** A URL whose scheme carries no TLS: PostgreSQL without sslmode, redis://, http://. */
const PLAINTEXT = /\b(postgres(?:ql)?|redis|http):\/\/(?:[^@/\s]*@)?([^:/?\s]+)/g;

/**
 * The self-hosted host's exposure, from the Docker catalog's facts: only the proxy role publishes host
 * ports, and only the public side's two (80 redirects, 443 terminates TLS); the database and cache are never
 * published. The TLS policies' scoped exception lives here: a container may be handed a plaintext URL only
 * to another container of its host, named by its network alias (no dot: never a public host name), which
 * the host's `internal: true` network carries (POLICY_FACTS.plaintextScope).
 */
// No settings: the ports and roles are the Docker catalog's facts, not a reviewer's choice.
const configSchema: PolicyConfigSchema = { properties: {} };

export const dockerHostExposure: ResourceValidationPolicy = {
  name: "docker-host-exposure",
  description:
    "On a Docker host only the proxy publishes ports (80 and 443); the database and cache never; plaintext URLs only between containers of the host.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Reach the app through the nginx proxy (webapp:frontend.target nginx): remove any other published port; " +
    "point plaintext URLs only at a container alias of the same host, and use TLS (https://, rediss://, " +
    "sslmode=require) for anything off the host.",
  configSchema,
  validateResource: forTypes([DOCKER_TYPES.container], (props, _args, report) => {
    const labels = (props.labels ?? []) as { label?: unknown; value?: unknown }[];
    const role = labels.find((l) => l.label === ROLE_LABEL)?.value as ContainerRole | undefined;
    const ports = (props.ports ?? []) as { internal?: unknown; external?: unknown }[];
    if (ports.length > 0) {
      if (role === undefined || !POLICY_FACTS.publishingRoles.includes(role)) {
        report(
          `The ${role ?? "unlabelled"} container publishes ${ports.length} host port(s); only the proxy publishes ports` +
            (role && POLICY_FACTS.neverPublished.includes(role) ? ` and the ${role} never does.` : "."),
        );
      } else {
        const allowed: unknown[] = [POLICY_FACTS.publicPorts.redirect, POLICY_FACTS.publicPorts.tls];
        checkEach(ports, (p) => {
          if (!allowed.includes(p.internal)) {
            report(
              `The proxy publishes container port ${String(p.internal)}; the public side is 80 (redirect) and 443 (TLS) only.`,
            );
          }
        });
      }
    }
    checkEach((props.envs ?? []) as unknown[], (env) => {
      if (typeof env !== "string") return;
      const key = env.slice(0, env.indexOf("="));
      for (const m of env.matchAll(PLAINTEXT)) {
        const secured = m[1].startsWith("postgres") && /sslmode=(require|verify-ca|verify-full)/.test(env);
        if (!secured && m[2].includes(".")) {
          report(
            `${key} hands the container a plaintext ${m[1]} URL to a host off this Docker host; use TLS, or a container alias of the host.`,
          );
        }
      }
    });
  }),
};
