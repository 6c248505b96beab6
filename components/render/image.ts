import * as pulumi from "@pulumi/pulumi";
import * as dockerbuild from "@pulumi/docker-build";
import * as render from "../../providers/render";

/** An image to build from source and push to GHCR. */
export interface ImageBuild {
  /** Build context directory, relative to the program. */
  context: string;
  /** Dockerfile path. Default `<context>/Dockerfile`. */
  dockerfile?: string;
  /** GHCR repository the image is pushed to, e.g. `ghcr.io/acme/api` (lowercase, no tag). */
  repository: string;
  /** Tag pushed beside the digest. Default the stack name. */
  tag?: string;
  /** `--build-arg`s (a Next.js client's `NEXT_PUBLIC_*` values are inlined at build time). Default: none. */
  buildArgs?: Record<string, pulumi.Input<string>>;
}

/** GHCR credentials: push for a build, and Render's long-lived pull credential for a private image. */
export interface RegistryLogin {
  username: pulumi.Input<string>;
  token: pulumi.Input<string>;
}

/**
 * The image pipeline every Render service of the program shares (the API, the frontend): BuildKit builds
 * linux/amd64, pushes to GHCR with a registry cache, and hands back `<tag>@sha256:<digest>`, so Render runs
 * exactly the bytes that were built.
 */
export function pushedImage(
  name: string,
  build: ImageBuild,
  registry: RegistryLogin | undefined,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  const cache = `${build.repository}:buildcache`;
  const image = new dockerbuild.Image(
    `${name}-image`,
    {
      push: true,
      tags: [`${build.repository}:${build.tag ?? pulumi.getStack()}`],
      context: { location: build.context },
      dockerfile: { location: build.dockerfile ?? `${build.context}/Dockerfile` },
      ...(build.buildArgs ? { buildArgs: build.buildArgs } : {}),
      // Render runs linux/amd64 images only.
      platforms: [dockerbuild.Platform.Linux_amd64],
      registries: registry
        ? [{ address: "ghcr.io", username: registry.username, password: registry.token }]
        : undefined,
      cacheFrom: [{ registry: { ref: cache } }],
      cacheTo: [
        {
          registry: {
            ref: cache,
            mode: dockerbuild.CacheMode.Max,
            imageManifest: true,
            ociMediaTypes: true,
          },
        },
      ],
    },
    // Keep pushed tags when the stack goes: a rollback on Render needs the old digest to still exist.
    { parent, retainOnDelete: true },
  );
  return image.ref;
}

/**
 * The registry credential Render pulls a private GHCR image with. It is long-lived (a token that outlives
 * the run: Render pulls again on every restart and scale-up), unlike the short-lived GITHUB_TOKEN of a CI job.
 */
export function pullCredential(
  name: string,
  serviceName: string,
  registry: RegistryLogin | undefined,
  parent: pulumi.Resource,
): render.RegistryCredential | undefined {
  return registry
    ? new render.RegistryCredential(
        `${name}-registry`,
        {
          name: `${serviceName}-ghcr`,
          registry: "GITHUB",
          username: registry.username,
          authToken: registry.token,
        },
        { parent },
      )
    : undefined;
}
