import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configSet } from "../lib/config-keys";
import { checkEach, configWithDefaults, forTypes } from "../lib/helpers";
import { DOCKER_BUILD_IMAGE, RENDER_BACKGROUND_WORKER, RENDER_WEB_SERVICE } from "../lib/tokens";
import { DOCKER_TYPES, PINNED_IMAGE } from "../../components/docker/catalog";

interface Config {
  forbiddenTags: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    forbiddenTags: {
      type: "array",
      items: { type: "string" },
      default: ["latest"],
      description: "Image tags that move and so never identify one build.",
    },
  },
};

/**
 * Case-insensitive because the Render provider lower-cases the digest before sending it
 * (providers/render/image-ref.ts), so `@sha256:ABC...` deploys the same pinned image.
 */
const DIGEST = /@sha256:[a-f0-9]{64}$/i;

/** The tag of an image reference (`repo:tag[@digest]`), or undefined; a `:port` in the host is not a tag. */
function tagOf(ref: string): string | undefined {
  const name = ref.trim().split("@")[0];
  const lastSegment = name.slice(name.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

/**
 * The names docker-build pushes through its exports (pulumi-docker-build `Export`): a `registry` export pushes
 * unless `push: false` (default true), an `image` export only with `push: true` (default false); a `disabled`
 * entry exports nothing.
 */
function pushedNames(exports: unknown): unknown[] {
  if (!Array.isArray(exports)) return [];
  return exports.flatMap((e: Record<string, unknown> | null) => {
    if (!e || e.disabled === true) return [];
    const registry = e.registry as { names?: unknown[]; push?: boolean } | undefined;
    const image = e.image as { names?: unknown[]; push?: boolean } | undefined;
    return [
      ...(registry && registry.push !== false ? (registry.names ?? []) : []),
      ...(image && image.push === true ? (image.names ?? []) : []),
    ];
  });
}

/**
 * Render pulls the image on every deploy, restart and scale-out, and never redeploys when a tag moves
 * (render.com/docs/deploying-an-image): only a digest makes every instance run the same build.
 */
export const imagesPinnedByDigest: ResourceValidationPolicy = {
  name: "images-pinned-by-digest",
  description: "Services run container images pinned by digest, and no image is tagged latest.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Pin the image with `pulumi config set --path webapp:backend.image <repository>@sha256:<digest>`, or let " +
    "the program build it (webapp:backend.build) and deploy the build's digest; tag builds with the commit SHA " +
    "or the stack name, never latest.",
  configSchema,
  validateResource: forTypes(
    [
      RENDER_WEB_SERVICE,
      RENDER_BACKGROUND_WORKER,
      DOCKER_BUILD_IMAGE,
      DOCKER_TYPES.container,
      DOCKER_TYPES.remoteImage,
    ],
    (props, args, report) => {
      const config = configWithDefaults<Config>(configSchema, args);
      const forbidden = config.forbiddenTags.map((t) => t.toLowerCase());
      // Tags are case-sensitive to registries, but `LATEST` moves exactly like `latest`.
      const isForbidden = (t: string) => forbidden.includes(t.toLowerCase());
      // A Docker host runs what the Docker catalog calls pinned: a registry digest or a local image id.
      if (args.type === DOCKER_TYPES.container || args.type === DOCKER_TYPES.remoteImage) {
        const ref = args.type === DOCKER_TYPES.container ? props.image : props.name;
        if (typeof ref === "string" && !PINNED_IMAGE.test(ref)) {
          report(
            "The container image is not pinned by digest; use <repository>@sha256:<digest> (webapp:docker.images.*, " +
              "webapp:backend.image, webapp:frontend.image) or a local image id sha256:<id>.",
          );
        }
        return;
      }
      if (args.type === DOCKER_BUILD_IMAGE) {
        const tags = [...((props.tags ?? []) as unknown[]), ...pushedNames(props.exports)];
        checkEach(tags, (tag) => {
          if (typeof tag !== "string") {
            return;
          }
          const t = tagOf(tag);
          if (t === undefined || isForbidden(t)) {
            report(
              `The image is tagged ${t === undefined ? "without a tag (so latest)" : `'${t}'`}; tag it with the ` +
                "commit SHA (the program tags webapp:backend.build images <repository>:<stack>).",
            );
          }
        });
        return;
      }
      const image = props.image;
      if (typeof image !== "string") {
        return;
      }
      const pin = configSet("webapp:backend.image", "<repository>@sha256:<digest>");
      if (!DIGEST.test(image.trim())) {
        report(
          `The service image is not pinned by digest; pin it with ${pin}, or build it with webapp:backend.build.`,
        );
      }
      const t = tagOf(image);
      if (t !== undefined && isForbidden(t)) {
        report(`The service image carries the moving tag '${t}'; drop the tag and keep the digest: ${pin}.`);
      }
    },
  ),
};
