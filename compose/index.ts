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
  /** The database's recovery (backups, point-in-time window, expiry), where its target states it. */
  databaseRecovery?: string;
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
        // The GHCR login reaches every part that may build and pull an image (backend, a Render frontend).
        settings: {
          ...(c[part] as object),
          ...((part === "backend" || part === "frontend") && c.ghcr ? { ghcr: c.ghcr } : {}),
        },
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

    // The frontend's URL comes from its domain, known before the API exists; the API's URL is handed to
    // the frontend afterwards by a separate variable, so neither waits for the other.
    const frontend = build("frontend", {
      media,
      env: frontendEnvironment(media, c.frontend?.env ?? {}),
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
            // A frontend the backend serves is the API's own origin: no FRONTEND_URL, no CORS.
            frontendUrl: frontend?.contract.sameOrigin ? undefined : frontend?.contract.url,
            previewOriginRegex: frontend?.contract.previewOriginRegex,
            settingsModule: b.settingsModule,
            webConcurrency: c.tier === "paid" ? 4 : 2,
            debug: b.debug,
            // Without a worker (or a broker) nothing consumes the queue: Celery runs each task in the caller.
            celeryEager: !b.worker || !cache,
            appEnv: b.env,
            appSecretEnv: b.secretEnv,
          }),
          frontend: frontend?.contract,
          domain: c.domains.api,
        })
      : undefined;
    if (frontend?.contract.sameOrigin && !backend) {
      throw new Error(
        `webapp:frontend.target is backend (the backend serves the client) but the stack has no backend; set webapp:backend.target or another frontend target. Fix: pulumi config set --path webapp:frontend.target none --stack ${c.stack}`,
      );
    }
    if (backend && frontend) frontend.setApiUrl(backend.url);

    this.outputs = {
      backendUrl: backend?.url,
      frontendUrl: frontend?.contract.url,
      imageRef: backend?.imageRef,
      mediaFolder: media?.folder,
      backendUnmanagedEnvVars: backend?.unmanagedEnvVarKeys,
      databaseUrl: database?.url,
      databasePooledUrl: database?.pooledUrl,
      databaseRecovery: database?.recovery,
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
