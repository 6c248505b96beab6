/**
 * The one composition point: the validated stack config -> each part's target -> its contract -> the
 * environments of the backend and the frontend. Targets receive flat settings and stack facts, never the
 * whole config; which target builds a part is looked up in the registry (components/targets.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Layer, LAYER_OUTPUTS, NO_TARGET, Part } from "../contracts";
import type { PartInputs, PartOutputs } from "../components/catalog";
import { backendEnvironment, frontendEnvironment } from "../components/environment";
import { findTarget } from "../components/targets";
import { errorTracking, uptime } from "./operations";
import type { StackConfig } from "../stacks";
import { buildsPart, dataContracts, UpstreamLayer } from "./layers";

/**
 * What the stack exports; a part that is left out exports nothing of its own. A stack deploying one layer
 * exports exactly that layer's `LAYER_OUTPUTS` (contracts/index.ts) and `layer`.
 */
export interface AppOutputs {
  layer?: Layer;
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
  /** Absent on a stack that deploys no server. */
  superuserPassword?: pulumi.Output<string>;
  databaseHost?: pulumi.Output<string>;
  redisBrokerUrl?: pulumi.Output<string>;
  redisHost?: pulumi.Output<string>;
  mediaUrl?: pulumi.Output<string>;
  mediaAccount?: pulumi.Output<string>;
  mediaUploadPreset?: pulumi.Output<string>;
  mediaUploadSigned?: pulumi.Output<boolean>;
  mediaMaxUploadBytes?: pulumi.Output<number>;
  /** A layer's stack: the system's grouping it created or joined (contracts LAYER_OUTPUTS). */
  placement?: pulumi.Output<string>;
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
        facts: joinPlacement ? { ...c.facts, joinPlacement } : c.facts,
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

    // A stack deploying one layer builds its own parts and reads the layers before it from their stacks.
    const layer = c.layer;
    const has = (part: Part) => c.targets[part] !== NO_TARGET;
    const upstream = (l: "data" | "server") =>
      c.layers[l] !== undefined ? new UpstreamLayer(name, l, c.layers[l], c.stack, this) : undefined;
    const dataStack = layer && layer !== "data" ? upstream("data") : undefined;
    // A client layer takes the API's URL from the server layer's stack.
    const serverStack = layer === "client" && has("backend") ? upstream("server") : undefined;
    // The grouping the data layer created for the system (contracts LAYER_OUTPUTS `placement`): the server
    // reads it from the data layer's stack, the client from the server's, which passes it on.
    const placedBy = serverStack ?? dataStack;
    const joinPlacement = placedBy && (() => placedBy.output<string>("placement"));
    // The client takes only the media store's upload settings from the data layer.
    const fromData = dataStack
      ? dataContracts(dataStack, (p) => has(p) && (layer === "server" || p === "media"))
      : {};
    const own = <P extends "database" | "cache" | "media">(part: P) =>
      buildsPart(layer, part) ? build(part, {}) : fromData[part];
    const database = own("database");
    const cache = own("cache");
    const media = own("media");

    const server = buildsPart(layer, "backend");
    // An adopted deployment keeps its SECRET_KEY (its sessions and signed values stay valid); otherwise one
    // is generated, under the same name as always.
    const secretKey =
      server &&
      (c.backend?.secretKey ??
        pulumi.secret(
          new random.RandomPassword(
            `${name}-secret-key`,
            { length: 64, special: true, overrideSpecial: "!#%*-_=+" },
            { parent: this },
          ).result,
        ));
    const superuserPassword =
      server &&
      new random.RandomPassword(
        `${name}-superuser-password`,
        { length: 32, special: false },
        { parent: this },
      );

    const tracked = (part: "backend" | "frontend") =>
      c[part] ? errorTracking(c.ops, name, c.stack, part, this, c.protectData) : undefined;
    const backendErrors = tracked("backend");
    const frontendErrors = tracked("frontend");

    // The frontend's URL comes from its domain, known before the API exists; the API's URL is handed to
    // the frontend afterwards by a separate variable, so neither waits for the other. Where the API's URL is
    // known before either exists (its custom domain: a render backend's URL is `https://<domain>`, as is the
    // server layer's backendUrl read here), a target may also give it to the site at create.
    const earlyApiUrl =
      layer === "client"
        ? serverStack?.output<string>("backendUrl")
        : c.backend && c.domains.api && buildsPart(layer, "backend")
          ? pulumi.output(`https://${c.domains.api}`)
          : undefined;
    const frontend = buildsPart(layer, "frontend")
      ? build("frontend", {
          media,
          // Without a backend the site is the whole app: it reads the database and the cache itself.
          env: frontendEnvironment(
            media,
            c.frontend?.env ?? {},
            c.backend ? undefined : { database, cache },
            frontendErrors,
          ),
          ...(c.domains.frontend ? { domain: c.domains.frontend } : {}),
          ...(earlyApiUrl ? { apiUrl: earlyApiUrl } : {}),
        })
      : undefined;
    // A server layer deploys before the site: it trusts the site by its domain (stacks/ requires one).
    const frontendContract =
      frontend?.contract ??
      (layer === "server" && has("frontend")
        ? { url: pulumi.output(`https://${c.domains.frontend}`) }
        : undefined);

    const b = c.backend;
    const backend =
      b && secretKey && superuserPassword
        ? build("backend", {
            environment: backendEnvironment({
              database,
              cache,
              media,
              secretKey,
              superuser: {
                username: "admin",
                email: b.adminEmail,
                password: pulumi.secret(superuserPassword.result),
              },
              // A frontend the backend serves is the API's own origin: no FRONTEND_URL, no CORS.
              frontendUrl: frontendContract?.sameOrigin ? undefined : frontendContract?.url,
              previewOriginRegex: frontendContract?.previewOriginRegex,
              settingsModule: b.settingsModule,
              webConcurrency: c.tier === "paid" ? 4 : 2,
              debug: b.debug,
              // Without a worker (or a broker) nothing consumes the queue: Celery runs each task in the caller.
              celeryEager: !b.worker || !cache,
              appEnv: b.env,
              appSecretEnv: b.secretEnv,
              errorTracking: backendErrors,
            }),
            frontend: frontendContract,
            domain: c.domains.api,
            ...(backendErrors ? { imageKeys: ["SENTRY_RELEASE" as const] } : {}),
          })
        : undefined;
    if (frontend?.contract.sameOrigin && !backend) {
      throw new Error(
        `webapp:frontend.target is backend (the backend serves the client) but the stack has no backend; set webapp:backend.target or another frontend target. Fix: pulumi config set --path webapp:frontend.target none --stack ${c.stack}`,
      );
    }
    const apiUrl = backend?.url ?? serverStack?.output<string>("backendUrl");
    if (apiUrl && frontend) frontend.setApiUrl(apiUrl);
    uptime(c.ops, name, { api: backend?.url, site: frontend?.contract.url }, this);

    const composed: AppOutputs = {
      backendUrl: backend?.url,
      frontendUrl: frontend?.contract.url,
      imageRef: backend?.imageRef,
      mediaFolder: media?.folder,
      backendUnmanagedEnvVars: backend?.unmanagedEnvVarKeys,
      databaseUrl: database?.url,
      databasePooledUrl: database?.pooledUrl,
      databaseRecovery: database?.recovery,
      redisUrl: cache?.url,
      superuserPassword: superuserPassword ? pulumi.secret(superuserPassword.result) : undefined,
    };
    this.outputs = layer
      ? layerExports(layer, {
          ...composed,
          databaseHost: database?.host,
          redisBrokerUrl: cache?.brokerUrl,
          redisHost: cache?.host,
          mediaUrl: media?.url,
          mediaAccount: media?.account,
          mediaUploadPreset: media?.uploadPreset,
          mediaUploadSigned: media?.uploadSigned,
          mediaMaxUploadBytes: media?.maxUploadBytes,
          placement: layer === "server" ? backend?.placement : (database?.placement ?? cache?.placement),
        })
      : composed;
    this.registerOutputs({
      backendUrl: this.outputs.backendUrl,
      frontendUrl: this.outputs.frontendUrl,
      imageRef: this.outputs.imageRef,
      mediaFolder: this.outputs.mediaFolder,
      backendUnmanagedEnvVars: this.outputs.backendUnmanagedEnvVars,
    });
  }
}

/** Outputs that are credentials wherever they come from: the stack exports them as secrets. */
const SECRET_OUTPUTS = new Set<string>([
  "databaseUrl",
  "databasePooledUrl",
  "redisUrl",
  "superuserPassword",
  ...Object.values(LAYER_OUTPUTS).flatMap((outputs) =>
    Object.entries(outputs).flatMap(([key, spec]) => (spec.secret ? [key] : [])),
  ),
]);

/** What the stack exports: the outputs that have a value (Pulumi warns of an undefined one), credentials as secrets. */
export function stackOutputs(outputs: AppOutputs): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).flatMap(([key, value]) =>
      value === undefined ? [] : [[key, SECRET_OUTPUTS.has(key) ? pulumi.secret(value) : value]],
    ),
  );
}

/**
 * Exactly the layer's `LAYER_OUTPUTS` (each secret one a secret), its `layer`, and the superuser's password on
 * the server layer (whose stack creates it).
 */
function layerExports(layer: Layer, all: AppOutputs): AppOutputs {
  const picked: Record<string, unknown> = { layer };
  for (const [key, spec] of Object.entries(LAYER_OUTPUTS[layer])) {
    const value = all[key as keyof AppOutputs] as pulumi.Output<unknown> | undefined;
    if (value !== undefined) picked[key] = spec.secret ? pulumi.secret(value) : value;
  }
  if (layer === "server") picked.superuserPassword = all.superuserPassword;
  return picked as AppOutputs;
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
