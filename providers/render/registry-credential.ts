import { guardProvider } from "../shared/boundary";
import * as pulumi from "@pulumi/pulumi";
import { ApiError, orNotFound, resourceLabel } from "../shared/http";
import { createOrAdopt } from "../shared/lifecycle";
import { Shape, expectShape } from "../shared/shape";
import {
  RenderContext,
  call,
  configureRender,
  configuredOwnerId,
  renderContext,
  renderCredentials,
  requireOwnerId,
} from "./client";

const REGISTRIES = ["GITHUB", "GITLAB", "DOCKER", "GOOGLE_ARTIFACT", "AWS_ECR"];

export interface RegistryCredentialArgs {
  /** Credential name shown in the Render dashboard. */
  name: pulumi.Input<string>;
  /** GITHUB | GITLAB | DOCKER | GOOGLE_ARTIFACT | AWS_ECR. */
  registry: pulumi.Input<string>;
  /** Registry user (for GHCR: the GitHub user). */
  username: pulumi.Input<string>;
  /** Registry token (for GHCR: a PAT with read:packages); stored as a secret output. */
  authToken: pulumi.Input<string>;
  /**
   * Workspace id. Default: `render:ownerId` config or RENDER_OWNER_ID at create; kept in the state after
   * that (only a change of this input replaces).
   */
  ownerId?: pulumi.Input<string>;
  /** An existing credential (rgc-…) to take over: create sets these fields (token included) on it. */
  adoptId?: pulumi.Input<string>;
}

export interface RegistryCredentialInputs {
  name: string;
  registry: string;
  username: string;
  authToken: string;
  ownerId?: string;
  adoptId?: string;
}

export interface RegistryCredentialOutputs extends RegistryCredentialInputs {
  ownerId: string;
}

interface RenderRegistryCredential {
  id: string;
  name: string;
  registry: string;
  username: string;
}

const label = (name: string | undefined) => resourceLabel("render:RegistryCredential", name);

/** openapi.json `registryCredential`. */
const CREDENTIAL_SHAPE: Shape = { id: "string", name: "string", registry: "string", username: "string" };

const credential = (ctx: RenderContext, operation: string, status: number, body: unknown) =>
  expectShape<RenderRegistryCredential>(`${ctx.resource}: ${operation}`, status, body, CREDENTIAL_SHAPE);

const credentialBody = (v: RegistryCredentialInputs) => ({
  registry: v.registry,
  name: v.name,
  username: v.username,
  authToken: v.authToken,
});

/**
 * `GET /registrycredentials` answers a bare array of credentials, not the `{registryCredential, cursor}`
 * wrapper other lists use (openapi.json list-registry-credentials), so the name filter does the paging.
 */
async function listCredentials(
  ctx: RenderContext,
  query: Record<string, string>,
): Promise<RenderRegistryCredential[]> {
  const res = await call<unknown>(ctx, "look up by name", "GET", "/registrycredentials", {
    query: { ...query, limit: 100 },
  });
  if (!Array.isArray(res.body)) {
    throw new ApiError(`${ctx.resource}: look up by name failed: ${res.status} answer is not a list`, {
      kind: "parse",
      status: res.status,
    });
  }
  return res.body.map((c) => credential(ctx, "look up by name", res.status, c));
}

async function getCredential(ctx: RenderContext, id: string): Promise<RenderRegistryCredential | undefined> {
  const res = await orNotFound(call<unknown>(ctx, "read", "GET", `/registrycredentials/${id}`));
  return res && credential(ctx, "read", res.status, res.body);
}

/** PATCH requires all four fields, token included. */
async function patchCredential(ctx: RenderContext, id: string, v: RegistryCredentialInputs): Promise<void> {
  const res = await call<unknown>(ctx, "update", "PATCH", `/registrycredentials/${id}`, {
    body: credentialBody(v),
  });
  credential(ctx, "update", res.status, res.body);
}

/** The provider object; exported so tests and tools can drive it directly. */
export const registryCredentialProvider: pulumi.dynamic.ResourceProvider<
  RegistryCredentialInputs,
  RegistryCredentialOutputs
> = guardProvider(
  "render:RegistryCredential",
  {
    async configure(req) {
      configureRender(req.config);
    },

    async check(_olds, news) {
      const failures: pulumi.dynamic.CheckFailure[] = [];
      if (typeof news.registry === "string" && !REGISTRIES.includes(news.registry)) {
        failures.push({
          property: "registry",
          reason: `registry "${news.registry}" is not one Render supports; use one of ${REGISTRIES.join(", ")}.`,
        });
      }
      for (const key of ["name", "username", "authToken"] as const) {
        if (typeof news[key] === "string" && news[key] === "") {
          failures.push({ property: key, reason: `${key} must not be empty.` });
        }
      }
      return { inputs: news, failures };
    },

    async diff(_id, olds, news) {
      // Only an explicit ownerId input moves it; a different RENDER_OWNER_ID in the shell keeps the stored one.
      if (news.ownerId && news.ownerId !== olds.ownerId) {
        return { changes: true, replaces: ["ownerId"], deleteBeforeReplace: true };
      }
      const changes = (["name", "registry", "username", "authToken"] as const).some(
        (k) => olds[k] !== news[k],
      );
      return { changes };
    },

    async create(inputs) {
      const ctx = renderContext(label(inputs.name), "create");
      const ownerId = () => requireOwnerId(ctx.resource, "create", inputs.ownerId);
      const outsOf = (owner: string): RegistryCredentialOutputs => ({ ...inputs, ownerId: owner });
      const find = async (owner: string) => {
        const found = await listCredentials(ctx, { name: inputs.name, ownerId: owner });
        return found.find(
          (c) => c.name === inputs.name && c.registry === inputs.registry && c.username === inputs.username,
        );
      };
      const res = await createOrAdopt<RegistryCredentialOutputs>({
        label: ctx.resource,
        inputs,
        adoptId: inputs.adoptId,
        read: async (id) => {
          const c = await getCredential(ctx, id);
          return c && outsOf(inputs.ownerId ?? configuredOwnerId(undefined) ?? "");
        },
        // The token cannot be read back, so an adopted or continued credential always gets ours.
        converge: async (id, current) => {
          await patchCredential(ctx, id, inputs);
          return current;
        },
        async find() {
          const owner = ownerId();
          const c = await find(owner);
          return c && { id: c.id, current: outsOf(owner) };
        },
        async create() {
          const owner = ownerId();
          const body = { ...credentialBody(inputs), ownerId: owner };
          let id: string;
          try {
            const created = await call<unknown>(ctx, "create", "POST", "/registrycredentials", {
              body,
              attempts: 3,
              // A lost answer may still have created it: take the one with the same name, registry and user.
              recover: async (err) => {
                if (err instanceof ApiError && err.status === 429) return undefined;
                const c = await find(owner);
                return c ? { status: 200, headers: new Headers(), body: c } : undefined;
              },
            });
            id = credential(ctx, "create", created.status, created.body).id;
          } catch (e) {
            // A 2xx with a broken body may still have created it.
            if (!(e instanceof ApiError && e.kind === "parse")) throw e;
            const c = await find(owner);
            if (!c) throw e;
            id = c.id;
          }
          return { id, outs: outsOf(owner) };
        },
      });
      return { id: res.id, outs: res.outs };
    },

    async read(id, props) {
      const ctx = renderContext(label(props?.name), "read");
      const c = await getCredential(ctx, id);
      if (!c) return {};
      // Render never returns the token; keep the one we set.
      const outs = { ...props, name: c.name, registry: c.registry, username: c.username };
      return { id, props: outs as RegistryCredentialOutputs };
    },

    async update(id, olds, news) {
      await patchCredential(renderContext(label(news.name), "update"), id, news);
      return { outs: { ...news, ownerId: olds.ownerId } };
    },

    async delete(id, props) {
      const ctx = renderContext(label(props?.name), "delete");
      await orNotFound(call(ctx, "delete", "DELETE", `/registrycredentials/${id}`));
    },
  },
  { credentials: renderCredentials },
);

/** A Render registry credential (`pulumi-nodejs:dynamic/render:RegistryCredential`); `id` is the rgc-… id. */
export class RegistryCredential extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly registry: pulumi.Output<string>;
  declare public readonly username: pulumi.Output<string>;
  declare public readonly authToken: pulumi.Output<string>;
  declare public readonly ownerId: pulumi.Output<string>;

  constructor(name: string, args: RegistryCredentialArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      registryCredentialProvider,
      name,
      { ownerId: undefined, ...args },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["authToken"] }),
      "render",
      "RegistryCredential",
    );
  }
}
