/**
 * Type tokens of the resources the policies look at. Dynamic resources get
 * `pulumi-nodejs:dynamic/<module>:<Type>`; the bridged ones use their package's own tokens. Matching on tokens
 * (not provider classes) keeps the pack free of provider SDK dependencies.
 */
export const RENDER_WEB_SERVICE = "pulumi-nodejs:dynamic/render:WebService";
export const RENDER_BACKGROUND_WORKER = "pulumi-nodejs:dynamic/render:BackgroundWorker";
export const RENDER_ENV_VAR = "pulumi-nodejs:dynamic/render:EnvVar";
export const RENDER_REGISTRY_CREDENTIAL = "pulumi-nodejs:dynamic/render:RegistryCredential";
export const NEON_PROJECT = "pulumi-nodejs:dynamic/neon:Project";
export const NEON_BRANCH = "pulumi-nodejs:dynamic/neon:Branch";
export const NEON_ENDPOINT = "pulumi-nodejs:dynamic/neon:Endpoint";
export const CLOUDINARY_UPLOAD_PRESET = "pulumi-nodejs:dynamic/cloudinary:UploadPreset";
export const CLOUDINARY_FOLDER = "pulumi-nodejs:dynamic/cloudinary:Folder";
export const UPSTASH_REDIS_DATABASE = "upstash:index/redisDatabase:RedisDatabase";
export const VERCEL_PROJECT = "vercel:index/project:Project";
export const VERCEL_ENV_VAR = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
export const DOCKER_BUILD_IMAGE = "docker-build:index:Image";

/** Resources whose environment variables reach a running service or the frontend build. */
export const ENV_VAR_TYPES = [
  RENDER_WEB_SERVICE,
  RENDER_BACKGROUND_WORKER,
  RENDER_ENV_VAR,
  VERCEL_ENV_VAR,
  VERCEL_PROJECT,
];
