/**
 * Neon serverless Postgres as Pulumi dynamic resources over `@neondatabase/api-client`
 * (tokens `pulumi-nodejs:dynamic/neon:<Type>`). Credentials: `neon:apiKey` (secret) or NEON_API_KEY;
 * NEON_API_URL overrides the API base URL.
 */
export {
  Project,
  neonProjectProvider,
  projectProvider,
  type ProjectArgs,
  type ProjectInputs,
  type ProjectOutputs,
} from "./project";
export {
  Branch,
  branchProvider,
  type BranchArgs,
  type BranchEndpoint,
  type BranchEndpointArgs,
  type BranchInputs,
  type BranchOutputs,
} from "./branch";
export { Role, roleProvider, type RoleArgs, type RoleInputs, type RoleOutputs } from "./role";
export { Database, databaseProvider, type DatabaseArgs, type DatabaseInputs } from "./database";
export {
  Endpoint,
  endpointProvider,
  type EndpointArgs,
  type EndpointInputs,
  type EndpointOutputs,
} from "./endpoint";
export { connectionUri, poolerHostOf, type ConnectionParts } from "./connection";
export { neonRuntime, type NeonRuntime } from "./client";
