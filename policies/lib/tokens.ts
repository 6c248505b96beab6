/**
 * Type tokens of the resources the policies look at, as each vendor's catalog states them
 * (components/<vendor>/catalog.ts). Dynamic resources get `pulumi-nodejs:dynamic/<module>:<Type>`; the bridged
 * ones use their package's own tokens. Matching on tokens (not provider classes) keeps the pack free of
 * provider SDK dependencies: the catalogs are pure data.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { CLOUDINARY_TOKENS } from "../../components/cloudinary/catalog";
import { NEON_TOKENS } from "../../components/neon/catalog";
import { RENDER_TOKENS } from "../../components/render/catalog";
import { catalogs } from "../../components/targets";
import { UPSTASH_TOKENS } from "../../components/upstash/catalog";
import { VERCEL_TOKENS } from "../../components/vercel/catalog";

export const RENDER_WEB_SERVICE = RENDER_TOKENS.webService;
export const RENDER_BACKGROUND_WORKER = RENDER_TOKENS.backgroundWorker;
export const RENDER_ENV_VAR = RENDER_TOKENS.envVar;
export const RENDER_REGISTRY_CREDENTIAL = RENDER_TOKENS.registryCredential;
export const RENDER_POSTGRES = RENDER_TOKENS.postgres;
export const RENDER_KEY_VALUE = RENDER_TOKENS.keyValue;
export const NEON_PROJECT = NEON_TOKENS.project;
export const NEON_BRANCH = NEON_TOKENS.branch;
export const NEON_ENDPOINT = NEON_TOKENS.endpoint;
export const CLOUDINARY_UPLOAD_PRESET = CLOUDINARY_TOKENS.uploadPreset;
export const CLOUDINARY_FOLDER = CLOUDINARY_TOKENS.folder;
export const UPSTASH_REDIS_DATABASE = UPSTASH_TOKENS.redisDatabase;
export const VERCEL_PROJECT = VERCEL_TOKENS.project;
export const VERCEL_ENV_VAR = VERCEL_TOKENS.envVar;
/** The image build is no target's: every backend that builds its image uses it. */
export const DOCKER_BUILD_IMAGE = "docker-build:index:Image";

/*
 * The lists below are read from the registry on every call, never kept from when the pack loaded: a target
 * registered later in the same process (a test's fake, the offline plan of a stack that registers one) is
 * seen by the policies as the built-in ones are.
 */

/** Every resource type the registered targets describe, with what policies need to know of it. */
const facts = () => catalogs().flatMap((c) => Object.entries(c.resources));

/** Resources whose environment variables reach a running service or the frontend build. */
export function envVarTypes(): string[] {
  return facts()
    .filter(([, f]) => f.env)
    .map(([type]) => type);
}

/** Resources that hold data a delete loses. */
export function statefulTypes(): string[] {
  return facts()
    .filter(([, f]) => f.stateful)
    .map(([type]) => type);
}

/**
 * The config schema of a policy about resources that hold data: `types`, defaulting to {@link statefulTypes}.
 * The default is read when the defaults are (each evaluation, and when the engine asks for the schema), so a
 * target registered after the pack loaded has its stateful types counted too.
 */
export function statefulTypesSchema(): PolicyConfigSchema {
  return {
    properties: {
      types: {
        type: "array",
        items: { type: "string" },
        get default() {
          return statefulTypes();
        },
        description: "Type tokens of resources that hold data (the targets' catalogs: `stateful`).",
      },
    },
  };
}

/** How a type's environment variables are read (its catalog's `env` fact); absent: it carries none. */
export function envReaderOf(type: string) {
  return facts().find(([t]) => t === type)?.[1].env;
}
