/** The Docker vendor's components; loading this file loads `@pulumi/docker`. The catalog does not. */
export { DockerHost, type DockerHostArgs } from "./host";
export { DockerDatabase, type DockerDatabaseArgs, type DockerDatabaseConnection } from "./database";
export { DockerCache, type DockerCacheArgs, type DockerCacheConnection } from "./cache";
export { DockerBackend, type DockerBackendArgs } from "./backend";
export { DockerFrontend, type DockerFrontendArgs } from "./frontend";
export { DockerBackup, type DockerBackupArgs } from "./backup";
export { DockerProxy, type DockerProxyArgs } from "./proxy";
