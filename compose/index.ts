/**
 * The one composition point: the validated stack config -> each part's target -> its contract -> the
 * environments of the backend and the frontend. Targets receive flat settings and stack facts, never the
 * whole config; which target builds a part is looked up in the registry (components/targets.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { NO_TARGET, Part } from "../contracts";
import type { PartInputs, PartOutputs } from "../components/catalog";
import { backendEnvironment, frontendEnvironment } from "../components/environment";
import { findTarget } from "../components/targets";
import { errorTracking, uptime } from "./operations";
import type { StackConfig } from "../stacks";

/** What the stack exports; a part that is left out exports nothing of its own. */
export interface AppOutputs {
  backendUrl?: pulumi.Output<string>;
  frontendUrl?: pulumi.Output<string>;
  imageRef?: pulumi.Output<string>;
  mediaFolder?: pulumi.Output<string>;
  backendUnmanagedEnvVars?: pulumi.Output<string[]>;
  databaseUrl?: pulumi.Output<string>;
  databasePooledUrl?: pulumi.Output<string>;
  redisUrl?: pulumi.Output<string>;
  superuserPassword: pulumi.Output<string>;
}

/** The whole web application: each part on its target, wired together by contracts. */
export class App extends pulumi.ComponentResource {
  public readonly outputs: AppOutputs;

  constructor(name: string, c: StackConfig, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:app:App", name, {}, opts);
    const build = <P extends Part>(part: P, inputs: PartInputs[P]): PartOutputs[P] | undefined => {
      const builder = builderOf(c, part);
      return builder?.build({
        name: `${name}-${part}`,
        parent: this,
        facts: c.facts,
        settings: { ...(c[part] as object), ...(part === "backend" && c.ghcr ? { ghcr: c.ghcr } : {}) },
        adopt: c.adopt,
        own: c.own,
        secrets: c.secrets[part] ?? {},
        inputs,
      });
    };

    const database = build("database", {});
    const cache = build("cache", {});
    const media = build("media", {});

    const secretKey = new random.RandomPassword(
      `${name}-secret-key`,
      { length: 64, special: true, overrideSpecial: "!#%*-_=+" },
      { parent: this },
    );
    const superuserPassword = new random.RandomPassword(
      `${name}-superuser-password`,
      { length: 32, special: false },
      { parent: this },
    );

    const tracked = (part: "backend" | "frontend") =>
      c[part] ? errorTracking(c.ops, name, c.stack, part, this, c.protectData) : undefined;
    const backendErrors = tracked("backend");
    const frontendErrors = tracked("frontend");

    // The frontend's URL comes from its domain, known before the API exists; the API's URL is handed to
    // the frontend afterwards by a separate variable, so neither waits for the other.
    const frontend = build("frontend", {
      media,
      // Without a backend the site is the whole app: it reads the database and the cache itself.
      env: frontendEnvironment(
        media,
        c.frontend?.env ?? {},
        c.backend ? undefined : { database, cache },
        frontendErrors,
      ),
      ...(c.domains.frontend ? { domain: c.domains.frontend } : {}),
    });

    const b = c.backend;
    const backend = b
      ? build("backend", {
          environment: backendEnvironment({
            database,
            cache,
            media,
            secretKey: pulumi.secret(secretKey.result),
            superuser: {
              username: "admin",
              email: b.adminEmail,
              password: pulumi.secret(superuserPassword.result),
            },
            frontendUrl: frontend?.contract.url,
            previewOriginRegex: frontend?.contract.previewOriginRegex,
            settingsModule: b.settingsModule,
            webConcurrency: c.tier === "paid" ? 4 : 2,
            debug: b.debug,
            // Without a worker (or a broker) nothing consumes the queue: Celery runs each task in the caller.
            celeryEager: !b.worker || !cache,
            appEnv: b.env,
            appSecretEnv: b.secretEnv,
            errorTracking: backendErrors,
          }),
          frontend: frontend?.contract,
          domain: c.domains.api,
          ...(backendErrors ? { imageKeys: ["SENTRY_RELEASE" as const] } : {}),
        })
      : undefined;
    if (backend && frontend) frontend.setApiUrl(backend.url);
    uptime(c.ops, name, { api: backend?.url, site: frontend?.contract.url }, this);

    this.outputs = {
      backendUrl: backend?.url,
      frontendUrl: frontend?.contract.url,
      imageRef: backend?.imageRef,
      mediaFolder: media?.folder,
      backendUnmanagedEnvVars: backend?.unmanagedEnvVarKeys,
      databaseUrl: database?.url,
      databasePooledUrl: database?.pooledUrl,
      redisUrl: cache?.url,
      superuserPassword: pulumi.secret(superuserPassword.result),
    };
    this.registerOutputs({
      backendUrl: this.outputs.backendUrl,
      frontendUrl: this.outputs.frontendUrl,
      imageRef: this.outputs.imageRef,
      mediaFolder: this.outputs.mediaFolder,
      backendUnmanagedEnvVars: this.outputs.backendUnmanagedEnvVars,
    });
  }
}

/**
 * The builder of a part's target; undefined when the stack leaves the part out. This is where a part's
 * contract comes from: a later source (another stack's outputs, for a stack that deploys one layer) joins here.
 */
function builderOf<P extends Part>(c: StackConfig, part: P) {
  const name = c.targets[part];
  if (name === NO_TARGET || !c[part]) return undefined;
  return findTarget(part, name)!.load();
}
