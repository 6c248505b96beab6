import * as pulumi from "@pulumi/pulumi";
import * as render from "../../providers/render";
import { HOST_KEYS, HostKey, hostVariableOutputs, ImageKey, imageVariables } from "../environment";
import { RENDER_FREE, freePlanProblem } from "./catalog";
import { ImageBuild, pullCredential, pushedImage } from "./image";
import { placeService } from "./placement";

/** The backend's image build (the pipeline all Render services share: ./image.ts). */
export type BackendBuild = ImageBuild;

export interface BackendServiceArgs {
  /** Render service name (unique in the workspace); the worker is `<name>-worker`. */
  serviceName: string;
  /** A prebuilt image pinned by digest. Exactly one of `image` and `build`. */
  image?: pulumi.Input<string>;
  /** Build the image with BuildKit and push it to GHCR. Exactly one of `image` and `build`. */
  build?: BackendBuild;
  /** GHCR credentials: push for `build`, and a Render registry credential to pull private images. */
  registry?: { username: pulumi.Input<string>; token: pulumi.Input<string> };
  /** Render plan of the web service (`free`, `starter`, `standard`, ...). */
  plan: string;
  /** Render region (`oregon`, `ohio`, `virginia`, `frankfurt`, `singapore`). Changing it replaces the service. */
  region: pulumi.Input<string>;
  /** Instances when not autoscaling. Default 1. */
  instances?: number;
  /** Scale between min and max instances on CPU (and memory) use. Paid plans only. */
  autoscaling?: { min: number; max: number; cpuPercent: number; memoryPercent?: number };
  /** Path Render probes before routing traffic to a new deploy. */
  healthCheckPath: pulumi.Input<string>;
  /**
   * The web server, one command run with `exec` (so it gets Render's stop signal; the Render provider runs
   * every command under `/bin/sh -c`, so `$PORT` expands), e.g. `gunicorn config.wsgi:application --bind 0.0.0.0:$PORT`.
   */
  startCommand: string;
  /** Database migrations over the direct host: the start of the release step. */
  migrateCommand: string;
  /** The rest of the release step (collectstatic, superuser), run after migrations. Default none. */
  releaseCommand?: string;
  /** A Celery background worker running this image (paid plans only); its command runs like `startCommand`. */
  worker?: { plan: string; command: string };
  /** Custom domains served by the web service. */
  customDomains?: pulumi.Input<pulumi.Input<string>[]>;
  /** The frontend's origin, trusted for CORS and CSRF beside the API's own origins; absent: no separate frontend. */
  frontendUrl?: pulumi.Input<string>;
  /**
   * Environment of the web service and worker; values may be secrets. `ALLOWED_HOSTS`,
   * `CSRF_TRUSTED_ORIGINS` and `CORS_ALLOWED_ORIGINS` are added here: on the web service from its custom
   * domains and the frontend (the app adds its `*.onrender.com` host from RENDER_EXTERNAL_HOSTNAME), on the
   * worker from all of the web service's hosts.
   */
  environment: Record<string, pulumi.Input<string>>;
  /** Variables set to the image the services run (e.g. `SENTRY_RELEASE`), beside `environment`. Default none. */
  imageKeys?: readonly ImageKey[];
  /** Wait for each deploy to go live and fail with its status otherwise. Default false. */
  waitForLive?: boolean;
  /** Existing Render services (`srv-…`) to take over instead of creating them. Default: none. */
  adopt?: { webService?: pulumi.Input<string>; worker?: pulumi.Input<string> };
  /** Protect the web service: deleting it takes the API down and loses its URL. Default false. */
  protect?: boolean;
  /**
   * The API serves the frontend itself (the single-app system): one origin, so no CORS variables; hosts and
   * CSRF origins are the API's own. Default false.
   */
  servesFrontend?: boolean;
  /** The Render environment (evm-…) the services are placed in. Default: none. */
  environmentId?: pulumi.Input<string>;
  /** The caller's config keys that adopt the services, named in the provider's errors. Default: none. */
  adoptConfigKeys?: { webService?: string; worker?: string };
}

/** The Django API: an image (built and pushed to GHCR, or given) run on Render, pinned by digest. */
export class BackendService extends pulumi.ComponentResource {
  /** The image Render runs, `repo[:tag]@sha256:...`. */
  public readonly imageRef: pulumi.Output<string>;
  /** `https://<slug>.onrender.com`, from Render. */
  public readonly renderUrl: pulumi.Output<string>;
  public readonly serviceId: pulumi.Output<string>;
  /**
   * Names of the variables found on the web service that the program does not set (set by hand, e.g. on an
   * adopted service): they stay as they are.
   */
  public readonly unmanagedEnvVarKeys: pulumi.Output<string[]>;

  constructor(name: string, args: BackendServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:app:BackendService", name, {}, opts);

    if ((args.image === undefined) === (args.build === undefined)) {
      throw new Error(
        `BackendService "${name}": set exactly one of image (a prebuilt image) and build (a context to build).`,
      );
    }
    const free = args.plan === RENDER_FREE.plan;
    const freeProblem = free ? freePlanProblem(args) : undefined;
    if (freeProblem) {
      throw new Error(`BackendService "${name}": ${freeProblem}; choose a paid plan such as starter.`);
    }
    if (args.worker?.plan === RENDER_FREE.plan) {
      throw new Error(
        `BackendService "${name}": ${RENDER_FREE.worker.why}; choose a paid worker plan such as starter.`,
      );
    }

    const imageRef = args.build
      ? pushedImage(name, args.build, args.registry, this)
      : pulumi.output(args.image!);
    const credential = pullCredential(name, args.serviceName, args.registry, this);

    // Command lines as written; the Render provider runs each under /bin/sh -c (providers/render/service-body.ts).
    // Free web services have no pre-deploy step: the release step runs as the container starts.
    const release = [args.migrateCommand, args.releaseCommand].filter((c) => c).join(" && ");
    const startCommand = free ? `${release} && exec ${args.startCommand}` : `exec ${args.startCommand}`;
    const customDomains = args.customDomains ?? [];
    const environment = { ...args.environment, ...imageVariables(args.imageKeys ?? [], imageRef) };
    // Render's health check sends a custom domain as Host, else the `*.onrender.com` host
    // (render.com/docs/health-checks), and a new deploy that keeps failing it never goes live. So the very
    // first deploy's environment allows every host it may send: the custom domains (known now) are in the
    // create request, and the `*.onrender.com` host, named only once Render has created the service, is the
    // app's to add from RENDER_EXTERNAL_HOSTNAME, which Render sets at run time (app contract, docs/app-contract.md).
    // A key with nothing to allow is left out rather than set empty. One origin (the API serves the
    // frontend): no CORS variable.
    const noDomains = Array.isArray(customDomains) && customDomains.length === 0;
    const kept = (key: HostKey): boolean =>
      key === "ALLOWED_HOSTS"
        ? !noDomains
        : !(noDomains && args.frontendUrl === undefined) &&
          !(args.servesFrontend && key === "CORS_ALLOWED_ORIGINS");
    const ownHosts = hostVariableOutputs(undefined, customDomains, args.frontendUrl);
    const hostEnv = Object.fromEntries(HOST_KEYS.filter(kept).map((k) => [k, ownHosts[k]]));
    const web = new render.WebService(
      `${name}-web`,
      {
        name: args.serviceName,
        image: imageRef,
        registryCredentialId: credential?.id,
        plan: args.plan,
        region: args.region,
        numInstances: args.autoscaling ? args.autoscaling.min : (args.instances ?? 1),
        autoscaling: args.autoscaling ? { enabled: true, ...args.autoscaling } : undefined,
        healthCheckPath: args.healthCheckPath,
        startCommand,
        preDeployCommand: free ? undefined : release,
        envVars: { ...environment, ...hostEnv },
        customDomains,
        waitForLive: args.waitForLive ?? false,
        adoptId: args.adopt?.webService,
        adoptConfigKey: args.adoptConfigKeys?.webService,
      },
      { parent: this, ...(args.protect ? { protect: true } : {}) },
    );
    // The worker is not the web service, so its environment can name the web service's host now.
    const allHosts = hostVariableOutputs(web.url, customDomains, args.frontendUrl);
    const hosts = Object.fromEntries(
      HOST_KEYS.filter((k) => !(args.servesFrontend && k === "CORS_ALLOWED_ORIGINS")).map((k) => [
        k,
        allHosts[k],
      ]),
    );
    placeService(`${name}-web`, args.environmentId, web.id, this);

    if (args.worker) {
      const worker = new render.BackgroundWorker(
        `${name}-worker`,
        {
          name: `${args.serviceName}-worker`,
          image: imageRef,
          registryCredentialId: credential?.id,
          plan: args.worker.plan,
          region: args.region,
          numInstances: 1,
          startCommand: `exec ${args.worker.command}`,
          envVars: { ...environment, ...hosts },
          waitForLive: args.waitForLive ?? false,
          adoptId: args.adopt?.worker,
          adoptConfigKey: args.adoptConfigKeys?.worker,
        },
        // The web service's pre-deploy command migrates the database; a worker that rolled out first would
        // run new code against the old schema.
        { parent: this, dependsOn: [web] },
      );
      placeService(`${name}-worker`, args.environmentId, worker.id, this);
    }

    this.imageRef = imageRef;
    this.renderUrl = web.url;
    this.serviceId = web.id;
    this.unmanagedEnvVarKeys = web.unmanagedEnvVarKeys.apply((keys) => keys ?? []);
    this.registerOutputs({
      imageRef: this.imageRef,
      renderUrl: this.renderUrl,
      serviceId: this.serviceId,
      unmanagedEnvVarKeys: this.unmanagedEnvVarKeys,
    });
  }
}
