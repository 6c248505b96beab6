/**
 * The frontend as a Render web service running a GHCR image (the `render` frontend target): its keys, the
 * free plan's rule, regions, policy facts. The web service, registry credential and environment variable
 * types, and their mocks, are the backend target's (./catalog.ts). Pure data: no cloud SDK is loaded with it.
 */
import { z } from "zod";
import type { ConfigProblem, TargetCatalog } from "../catalog";
import { RENDER_FREE, RENDER_OWN, RENDER_PLANS, RENDER_TOKENS, renderCatalog } from "./catalog";

/** Per tier: the free plan, or the smallest paid one (a Next.js server needs little). */
export const RENDER_FRONTEND_DEFAULTS = { free: "free", paid: "starter" } as const;

// An image reference and a GHCR repository, as the backend's (OCI distribution-spec reference grammar).
const imageReference = z
  .string()
  .regex(
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
    "must be an image reference such as ghcr.io/acme/web@sha256:<64 hex digits>",
  );
const relativePath = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.($|\/.*\/\.\.))[^\0]*$/, "must be a path relative to the program directory");

export const renderFrontendCatalog: TargetCatalog & { part: "frontend" } = {
  part: "frontend",
  name: "render",
  title: "The site as an image-backed Render web service (GHCR, pinned by digest)",
  schema: (tier) => ({
    image: imageReference.optional(),
    build: z
      .strictObject({
        context: relativePath,
        dockerfile: relativePath.optional(),
        repository: z
          .string()
          .regex(
            /^ghcr\.io\/[a-z0-9-]+(\/[a-z0-9._-]+)+$/,
            "must be a lowercase GHCR repository such as ghcr.io/acme/web (no tag)",
          ),
      })
      .optional(),
    plan: z.enum(RENDER_PLANS).default(RENDER_FRONTEND_DEFAULTS[tier]),
    healthCheckPath: z
      .string()
      .regex(/^\/\S*$/, "must be a URL path starting with /")
      .default("/"),
  }),
  adopt: {
    frontendService: z
      .string()
      .regex(/^srv-[a-z0-9]{20}$/, "must be a Render service id such as srv-ct6vn35j0q5s700ckga2")
      .optional(),
  },
  own: RENDER_OWN,
  rules: {
    always: ({ settings: f }) => {
      const problems: ConfigProblem[] = [];
      if (f.image === undefined && f.build === undefined) {
        problems.push({
          path: "frontend.image",
          value: undefined,
          why: "set frontend.image (a prebuilt image pinned by digest) or frontend.build (context + GHCR repository)",
          fix: "ghcr.io/<owner>/<name>@sha256:<digest>",
        });
      }
      if (f.image !== undefined && f.build !== undefined) {
        problems.push({
          path: "frontend.build",
          value: f.build,
          why: "frontend.image is set too; keep one (remove frontend.build to deploy the prebuilt image)",
          fix: undefined,
        });
      }
      return problems;
    },
    free: ({ settings: f }) =>
      f.plan !== RENDER_FREE.plan
        ? [
            {
              path: "frontend.plan",
              value: f.plan,
              why: "Render bills every plan but free",
              fix: RENDER_FREE.plan,
            },
          ]
        : [],
    paid: ({ settings: f }) =>
      f.plan === RENDER_FREE.plan
        ? [
            {
              path: "frontend.plan",
              value: f.plan,
              why: "a paid stack runs on a paid Render plan (free web services spin down when idle)",
              fix: RENDER_FRONTEND_DEFAULTS.paid,
            },
          ]
        : [],
  },
  regions: renderCatalog.regions,
  resources: {
    [RENDER_TOKENS.webService]: { env: "envVars-map" },
    [RENDER_TOKENS.envVar]: { env: "key-value" },
    [RENDER_TOKENS.registryCredential]: {},
    [RENDER_TOKENS.project]: {},
    [RENDER_TOKENS.environmentMember]: {},
  },
};
