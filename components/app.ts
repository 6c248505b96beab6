import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { StackConfig } from "../stacks";
import { BackendService } from "./backend-service";
import { Cache } from "./cache";
import { Database } from "./database";
import { backendEnvironment, previewOriginRegex } from "./environment";
import { FrontendSite } from "./frontend-site";
import { MediaStore } from "./media-store";

export interface AppArgs {
  /** The stack's validated configuration (see `stacks/`). */
  config: StackConfig;
  /** `CLOUDINARY_URL` (secret) handed to the backend. */
  cloudinaryUrl: pulumi.Input<string>;
}

/** The whole web application: data services, the API and the site, wired together. */
export class App extends pulumi.ComponentResource {
  public readonly backendUrl: pulumi.Output<string>;
  public readonly frontendUrl: pulumi.Output<string>;
  public readonly imageRef: pulumi.Output<string>;
  public readonly databaseUrl: pulumi.Output<string>;
  public readonly databasePooledUrl: pulumi.Output<string>;
  public readonly redisUrl: pulumi.Output<string>;
  public readonly mediaFolder: pulumi.Output<string>;
  public readonly superuserPassword: pulumi.Output<string>;
  /** Variables set by hand on the Render web service, which the program leaves alone: names only. */
  public readonly backendUnmanagedEnvVars: pulumi.Output<string[]>;

  constructor(name: string, args: AppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:app:App", name, {}, opts);
    const c = args.config;

    const database = new Database(
      `${name}-database`,
      {
        projectName: c.prefix,
        regionId: c.regionIds.neon,
        postgresVersion: c.database.postgresVersion,
        minCu: c.database.minCu,
        maxCu: c.database.maxCu,
        historyRetentionSeconds: c.database.historyRetentionSeconds,
        suspendTimeoutSeconds: c.database.suspendTimeoutSeconds,
        protectData: c.protectData,
        adoptProjectId: c.adopt.neonProject,
      },
      { parent: this },
    );
    const cache = new Cache(
      `${name}-cache`,
      {
        databaseName: c.prefix,
        primaryRegion: c.regionIds.upstash,
        readRegions: [...c.cache.readRegions],
        eviction: c.cache.eviction,
        carriesBroker: c.backend.worker,
        budget: c.cache.budget,
        protectData: c.protectData,
        importId: c.adopt.upstashDatabase,
      },
      { parent: this },
    );
    const media = new MediaStore(
      `${name}-media`,
      {
        folder: c.media.folder,
        presets: c.media.presets,
        cloudinaryUrl: args.cloudinaryUrl,
        protectData: c.protectData,
        adoptId: c.adopt.mediaFolder,
      },
      { parent: this },
    );

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
    const frontend = new FrontendSite(
      `${name}-frontend`,
      {
        projectName: c.prefix,
        framework: c.frontend.framework,
        repository: c.frontend.repository,
        productionBranch: c.frontend.productionBranch,
        rootDirectory: c.frontend.rootDirectory,
        functionRegion: c.regionIds.vercel,
        domain: c.domains.frontend,
        importId: c.adopt.vercelProject,
        environment: {
          NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME: { value: media.connection.cloudName, sensitive: false },
          NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET: { value: media.connection.uploadPreset, sensitive: false },
          // "true": the upload widget asks the API for a signature (made with CLOUDINARY_URL's secret) first.
          NEXT_PUBLIC_CLOUDINARY_UPLOAD_SIGNED: {
            value: media.connection.uploadSigned.apply(String),
            sensitive: false,
          },
          NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES: {
            value: media.connection.maxUploadBytes.apply(String),
            sensitive: false,
          },
          // The app's own build-time variables (`webapp:frontend.env`); stacks/ keeps them off the keys above.
          ...Object.fromEntries(
            Object.entries(c.frontend.env).map(([k, value]) => [k, { value, sensitive: false }]),
          ),
        },
      },
      { parent: this },
    );

    const paid = c.tier === "paid";
    const backend = new BackendService(
      `${name}-backend`,
      {
        serviceName: `${c.prefix}-api`,
        image: c.backend.image,
        build: c.backend.build ? { ...c.backend.build } : undefined,
        registry: c.ghcr ? { username: c.ghcr.username, token: c.ghcr.token } : undefined,
        plan: c.backend.plan,
        region: c.regionIds.render,
        instances: c.backend.instances,
        autoscaling: c.backend.autoscaling ? { ...c.backend.autoscaling } : undefined,
        healthCheckPath: c.backend.healthCheckPath,
        startCommand: c.backend.startCommand,
        migrateCommand: c.backend.migrateCommand,
        releaseCommand: c.backend.releaseCommand,
        worker: c.backend.worker
          ? { plan: c.backend.workerPlan, command: c.backend.workerCommand }
          : undefined,
        customDomains: c.domains.api ? [c.domains.api] : [],
        frontendUrl: frontend.url,
        environment: backendEnvironment({
          database: database.connection,
          cache: cache.connection,
          media: media.connection,
          secretKey: pulumi.secret(secretKey.result),
          superuser: {
            username: "admin",
            email: c.backend.adminEmail,
            password: pulumi.secret(superuserPassword.result),
          },
          frontendUrl: frontend.url,
          previewOriginRegex: c.frontend.vercelScope
            ? previewOriginRegex(c.prefix, c.frontend.vercelScope)
            : undefined,
          settingsModule: c.backend.settingsModule,
          webConcurrency: paid ? 4 : 2,
          debug: c.backend.debug,
          celeryEager: !c.backend.worker,
          appEnv: c.backend.env,
          appSecretEnv: c.backend.secretEnv,
        }),
        waitForLive: paid,
        adopt: { webService: c.adopt.backendService, worker: c.adopt.backendWorker },
        protect: c.protectData,
      },
      { parent: this },
    );

    this.backendUrl = c.domains.api ? pulumi.output(`https://${c.domains.api}`) : backend.renderUrl;
    frontend.addVariable(
      `${name}-frontend-env-next-public-api-url`,
      frontend.projectId,
      "NEXT_PUBLIC_API_URL",
      {
        value: this.backendUrl,
        sensitive: false,
      },
    );

    this.frontendUrl = frontend.url;
    this.imageRef = backend.imageRef;
    this.databaseUrl = database.connection.url;
    this.databasePooledUrl = database.connection.pooledUrl;
    this.redisUrl = cache.connection.url;
    this.mediaFolder = media.folder;
    this.superuserPassword = pulumi.secret(superuserPassword.result);
    this.backendUnmanagedEnvVars = backend.unmanagedEnvVarKeys;
    this.registerOutputs({
      backendUrl: this.backendUrl,
      frontendUrl: this.frontendUrl,
      imageRef: this.imageRef,
      mediaFolder: this.mediaFolder,
      backendUnmanagedEnvVars: this.backendUnmanagedEnvVars,
    });
  }
}
