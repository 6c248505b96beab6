import * as pulumi from "@pulumi/pulumi";
import { ApiError, orNotFound, resourceLabel } from "../shared/http";
import { call, configureRender, configuredOwnerId, listAll, renderContext, requireOwnerId } from "./client";

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
  /** Workspace id. Default: `render:ownerId` config or RENDER_OWNER_ID at run time. Change => replace. */
  ownerId?: pulumi.Input<string>;
}

export interface RegistryCredentialInputs {
  name: string;
  registry: string;
  username: string;
  authToken: string;
  ownerId?: string;
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

/** The provider object; exported so tests and tools can drive it directly. */
export const registryCredentialProvider: pulumi.dynamic.ResourceProvider<
  RegistryCredentialInputs,
  RegistryCredentialOutputs
> = {
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
    const newOwner = configuredOwnerId(news.ownerId);
    if (newOwner !== undefined && newOwner !== olds.ownerId) {
      return { changes: true, replaces: ["ownerId"], deleteBeforeReplace: true };
    }
    const changes = (["name", "registry", "username", "authToken"] as const).some((k) => olds[k] !== news[k]);
    return { changes };
  },

  async create(inputs) {
    const ctx = renderContext(label(inputs.name), "create");
    const ownerId = requireOwnerId(ctx.resource, "create", inputs.ownerId);
    const body = {
      registry: inputs.registry,
      name: inputs.name,
      username: inputs.username,
      authToken: inputs.authToken,
      ownerId,
    };
    const res = await call<RenderRegistryCredential>(ctx, "create", "POST", "/registrycredentials", {
      body,
      attempts: 3,
      // A lost answer may still have created it: adopt one with the same name, registry and user.
      recover: async (err) => {
        if (err instanceof ApiError && err.status === 429) return undefined;
        const found = await listAll<RenderRegistryCredential>(
          ctx,
          "look up by name",
          "/registrycredentials",
          "registryCredential",
          {
            name: inputs.name,
            ownerId,
          },
        );
        const match = found.find(
          (c) => c.name === inputs.name && c.registry === inputs.registry && c.username === inputs.username,
        );
        return match ? { status: 200, headers: new Headers(), body: match } : undefined;
      },
    });
    return { id: res.body.id, outs: { ...inputs, ownerId } };
  },

  async read(id, props) {
    const ctx = renderContext(label(props?.name), "read");
    const res = await orNotFound(
      call<RenderRegistryCredential>(ctx, "read", "GET", `/registrycredentials/${id}`),
    );
    if (!res) return {};
    const c = res.body;
    // Render never returns the token; keep the one we set.
    return {
      id,
      props: {
        ...props,
        name: c.name,
        registry: c.registry,
        username: c.username,
      } as RegistryCredentialOutputs,
    };
  },

  async update(id, olds, news) {
    const ctx = renderContext(label(news.name), "update");
    // PATCH requires all four fields, token included.
    await call(ctx, "update", "PATCH", `/registrycredentials/${id}`, {
      body: { registry: news.registry, name: news.name, username: news.username, authToken: news.authToken },
    });
    return { outs: { ...news, ownerId: olds.ownerId } };
  },

  async delete(id, props) {
    const ctx = renderContext(label(props?.name), "delete");
    await orNotFound(call(ctx, "delete", "DELETE", `/registrycredentials/${id}`));
  },
};

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
