import * as pulumi from "@pulumi/pulumi";
import { App } from "./components";
import { loadStackConfig } from "./stacks";
import { cloudinaryUrl } from "./stacks/credentials";

const config = loadStackConfig();
const app = new App(config.prefix, { config, cloudinaryUrl: cloudinaryUrl(config.stack) });

export const backendUrl = app.backendUrl;
export const frontendUrl = app.frontendUrl;
export const imageRef = app.imageRef;
export const mediaFolder = app.mediaFolder;
// Variables set by hand on the Render web service (names only): the program leaves them as they are.
export const backendUnmanagedEnvVars = app.backendUnmanagedEnvVars;
// Credentials: secrets in the state and in `pulumi stack output` (use --show-secrets to read them).
export const databaseUrl = pulumi.secret(app.databaseUrl);
export const databasePooledUrl = pulumi.secret(app.databasePooledUrl);
export const redisUrl = pulumi.secret(app.redisUrl);
export const superuserPassword = pulumi.secret(app.superuserPassword);
