import * as pulumi from "@pulumi/pulumi";
import { App } from "./compose";
import { loadStackConfig } from "./stacks";

const config = loadStackConfig();
const app = new App(config.prefix, config).outputs;

export const backendUrl = app.backendUrl;
export const frontendUrl = app.frontendUrl;
export const imageRef = app.imageRef;
export const mediaFolder = app.mediaFolder;
// Variables set by hand on the backend's service (names only): the program leaves them as they are.
export const backendUnmanagedEnvVars = app.backendUnmanagedEnvVars;
// Backups, point-in-time recovery window and expiry of the database, where its target states them (Render
// Postgres); a stack whose database states none has no such output (an undefined export makes Pulumi warn).
if (app.databaseRecovery !== undefined) Object.assign(exports, { databaseRecovery: app.databaseRecovery });
// Credentials: secrets in the state and in `pulumi stack output` (use --show-secrets to read them).
export const databaseUrl = app.databaseUrl && pulumi.secret(app.databaseUrl);
export const databasePooledUrl = app.databasePooledUrl && pulumi.secret(app.databasePooledUrl);
export const redisUrl = app.redisUrl && pulumi.secret(app.redisUrl);
export const superuserPassword = pulumi.secret(app.superuserPassword);
