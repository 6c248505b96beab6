/**
 * One environment variable on a Render service, managed by itself through Render's per-key endpoints
 * (`/services/{serviceId}/env-vars/{envVarKey}`, openapi.json operations retrieve-env-var, update-env-var,
 * delete-env-var). It exists for values only known after the service is created (the service's own
 * `*.onrender.com` host in ALLOWED_HOSTS) without a dependency cycle, and it never touches other keys.
 */

import { guardProvider } from "../shared/boundary";
import * as pulumi from "@pulumi/pulumi";
import { ApiError, JsonResponse, orNotFound, resourceLabel } from "../shared/http";
import { partiallyCreated } from "../shared/lifecycle";
import { UNKNOWN } from "../shared/inputs";
import { RenderContext, call, configureRender, renderContext, renderCredentials } from "./client";
import { triggerDeploy } from "./deploys";
import { ENV_KEY } from "./env-vars";

export interface EnvVarArgs {
  /** The service (srv-…). Change => replace. */
  serviceId: pulumi.Input<string>;
  /** Variable name. Change => replace. */
  key: pulumi.Input<string>;
  /** Stored as a secret output. */
  value: pulumi.Input<string>;
  /** Deploy the service after setting the value, so it takes effect. Default true. */
  deploy?: pulumi.Input<boolean>;
}

export interface EnvVarInputs {
  serviceId: string;
  key: string;
  value: string;
  deploy?: boolean;
}

export interface EnvVarOutputs extends EnvVarInputs {
  /** The deploy started for the last value set; "" when none was asked for (or Render queued it). */
  deployId: string;
  /** The value is set but its deploy failed: the next update deploys again. */
  deployPending?: boolean;
}

const label = (key: string | undefined) => resourceLabel("render:EnvVar", key);
const path = (serviceId: string, key: string) =>
  `/services/${encodeURIComponent(serviceId)}/env-vars/${encodeURIComponent(key)}`;
const idOf = (serviceId: string, key: string) => `${serviceId}/${key}`;

function checkValue(ctx: RenderContext, operation: string, res: JsonResponse<unknown>): void {
  const b = res.body as { key?: unknown; value?: unknown } | null | undefined;
  if (typeof b !== "object" || b === null || typeof b.key !== "string" || typeof b.value !== "string") {
    throw new ApiError(`${ctx.resource}: ${operation} failed: ${res.status} answer is not an env var`, {
      kind: "parse",
      status: res.status,
    });
  }
}

/** PUT the value (idempotent: Render's "add or update"). */
async function put(ctx: RenderContext, inputs: EnvVarInputs): Promise<void> {
  const res = await call<unknown>(ctx, "set", "PUT", path(inputs.serviceId, inputs.key), {
    body: { value: inputs.value },
  });
  checkValue(ctx, "set", res);
}

/** Sets the value, then deploys unless `deploy: false`; a failed deploy keeps the value recorded. */
async function apply(ctx: RenderContext, id: string, inputs: EnvVarInputs): Promise<EnvVarOutputs> {
  const outs: EnvVarOutputs = { ...inputs, deployId: "" };
  try {
    await put(ctx, inputs);
  } catch (e) {
    // A 2xx with a broken body: the value may be set, so record the key (its id is known) rather than lose it.
    if (e instanceof ApiError && e.kind === "parse") {
      throw partiallyCreated(id, { ...outs, deployPending: inputs.deploy !== false }, e);
    }
    throw e;
  }
  if (inputs.deploy === false) return outs;
  try {
    return { ...outs, deployId: await triggerDeploy(ctx, inputs.serviceId, undefined) };
  } catch (e) {
    throw partiallyCreated(id, { ...outs, deployPending: true }, e);
  }
}

/** The provider object; exported so tests and tools can drive it directly. */
export const envVarProvider: pulumi.dynamic.ResourceProvider<EnvVarInputs, EnvVarOutputs> = guardProvider(
  "render:EnvVar",
  {
    async configure(req) {
      configureRender(req.config);
    },

    async check(_olds, news) {
      const failures: pulumi.dynamic.CheckFailure[] = [];
      if (typeof news.key === "string" && news.key !== UNKNOWN && !ENV_KEY.test(news.key)) {
        failures.push({
          property: "key",
          reason: `${JSON.stringify(news.key)} is not a valid variable name.`,
        });
      }
      if (typeof news.serviceId === "string" && news.serviceId.trim() === "") {
        failures.push({ property: "serviceId", reason: "serviceId must be a Render service id (srv-…)." });
      }
      return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
    },

    async diff(_id, olds, news) {
      const replaces = (["serviceId", "key"] as const).filter((k) => olds[k] !== news[k]);
      if (replaces.length > 0) return { changes: true, replaces };
      const changes =
        olds.value !== news.value ||
        (olds.deploy !== false) !== (news.deploy !== false) ||
        (olds.deployPending === true && news.deploy !== false);
      return { changes };
    },

    async create(inputs) {
      const ctx = renderContext(label(inputs.key), "create");
      const id = idOf(inputs.serviceId, inputs.key);
      return { id, outs: await apply(ctx, id, inputs) };
    },

    async read(id, props) {
      const ctx = renderContext(label(props?.key), "read");
      const [serviceId, ...rest] = id.split("/");
      const key = props?.key ?? rest.join("/");
      const res = await orNotFound(
        call<unknown>(ctx, "read", "GET", path(props?.serviceId ?? serviceId, key)),
      );
      if (!res) return {};
      checkValue(ctx, "read", res);
      const live = res.body as { value: string };
      const outs: EnvVarOutputs = {
        deployId: "",
        ...props,
        serviceId: props?.serviceId ?? serviceId,
        key,
        value: live.value,
      };
      return { id, props: outs };
    },

    async update(id, olds, news) {
      const ctx = renderContext(label(news.key), "update");
      const redeploy = olds.value !== news.value || olds.deployPending === true;
      if (!redeploy) return { outs: { ...news, deployId: olds.deployId } };
      // A failed deploy throws the init error with `deployPending`: the engine records the new value (the
      // dynamic-provider host answers update errors like create errors) and the next update deploys again.
      return { outs: await apply(ctx, id, news) };
    },

    async delete(_id, props) {
      const ctx = renderContext(label(props?.key), "delete");
      // Only the value this resource set is removed: when the key now holds another value, someone else
      // owns it (a program that moved the key into the service's own envVars sets it before this delete
      // runs, deletes coming last in an update), and removing it would take that value away.
      const live = await orNotFound(call<unknown>(ctx, "read", "GET", path(props.serviceId, props.key)));
      if (!live) return;
      checkValue(ctx, "read", live);
      if ((live.body as { value: string }).value !== props.value) return;
      // Removing takes effect at the service's next deploy; a deploy here would also run while the whole
      // stack (service included) is being destroyed.
      await orNotFound(call(ctx, "delete", "DELETE", path(props.serviceId, props.key)));
    },
  },
  {
    nameOf: (props) => props?.key as string | undefined,
    secrets: (props) =>
      [props?.value as string | undefined].filter((v): v is string => typeof v === "string"),
    credentials: renderCredentials,
  },
);

/**
 * One env var on a Render service (`pulumi-nodejs:dynamic/render:EnvVar`); `id` is `<serviceId>/<key>`.
 * Deleting it removes the key; the running service keeps the old value until its next deploy.
 */
export class EnvVar extends pulumi.dynamic.Resource {
  declare public readonly serviceId: pulumi.Output<string>;
  declare public readonly key: pulumi.Output<string>;
  declare public readonly value: pulumi.Output<string>;
  declare public readonly deployId: pulumi.Output<string>;

  constructor(name: string, args: EnvVarArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      envVarProvider,
      name,
      { deployId: undefined, ...args },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["value"] }),
      "render",
      "EnvVar",
    );
  }
}
