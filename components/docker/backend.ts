import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { DOCKER_COMPONENTS } from "./catalog";
import { healthcheck, replaceOrder, requirePinned, roleLabel } from "./health";

/** The name and port the proxy reaches gunicorn by unless told otherwise (the nginx target relies on them). */
export const BACKEND_ALIAS = "backend";
export const BACKEND_PORT = 8000;
/** Where every backend container mounts the media volume (the volume media target's `MEDIA_ROOT`). */
export const BACKEND_MEDIA_PATH = "/app/media";

export interface DockerBackendArgs {
  /** The backend image pinned by digest; a new digest is a new release. */
  image: pulumi.Input<string>;
  /** The internal network (DockerHost.internalNetwork). */
  network: pulumi.Input<string>;
  /** A network with a route off the host, for outbound calls (DockerHost.egressNetwork). Default none. */
  egressNetwork?: pulumi.Input<string>;
  /** Name the proxy reaches the web containers by, shared by old and new during an update. Default `backend`. */
  alias?: string;
  /** Port gunicorn listens on inside the container. Default 8000. */
  port?: number;
  /** Environment of every container: the app contract's variables (DATABASE_URL, REDIS_URL, hosts, ...). */
  environment: Record<string, pulumi.Input<string>>;
  /** Host name the health check sends, one of ALLOWED_HOSTS. */
  healthCheckHost: pulumi.Input<string>;
  /** Path answering 200 without touching the database. Default `/healthz`. */
  healthCheckPath?: string;
  /** The web server in the foreground. Default gunicorn `core.wsgi:application` on `port`. */
  command?: string[];
  /** The release step (migrations, static files), run once per image before the web containers start. */
  releaseCommand: string[];
  /** The Celery worker's command; absent: no worker (then set Celery eager in `environment`). */
  workerCommand?: string[];
  /** The worker's health check command (e.g. `celery inspect ping` for its own node). Required with a worker. */
  workerHealthCheck?: string[];
  /** Volume the release step writes static files into (DockerHost.staticVolume), at `/app/staticfiles`. */
  staticVolume: pulumi.Input<string>;
  /** Volume of user uploads (DockerHost.mediaVolume), at `/app/media`. */
  mediaVolume: pulumi.Input<string>;
  /** Seconds a stopping container gets to finish its requests (gunicorn's graceful timeout is 30). Default 35. */
  drainSeconds?: number;
}

/**
 * The Django backend: a one-shot release container, then the gunicorn container(s), then the worker.
 *
 * Release step: a container that runs `releaseCommand` to completion (`attach`) before the web container is
 * created (`dependsOn`). Its inputs hold the image, so a new image replaces it (47 container inputs force
 * replacement, targets.md section 6) and it runs again: once per release, visible in the plan as a replace.
 *
 * Updates without downtime: the web container has no fixed name and publishes no port, so it can be
 * replaced create-first, which the program states (health.ts `replaceOrder`: the provider alone would delete
 * first); it joins the network under `alias`, which the old container also holds, and `wait` returns only
 * once it is healthy. Then the old one is stopped with SIGTERM (`destroyGraceSeconds`;
 * without it the provider force-removes, a SIGKILL) and gunicorn drains. nginx resolves the alias per
 * request and retries a refused connection on the other address (nginx-config.ts).
 */
export class DockerBackend extends pulumi.ComponentResource {
  /** Host and port the proxy reaches gunicorn at. */
  public readonly upstream: { host: string; port: number };

  constructor(name: string, args: DockerBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DOCKER_COMPONENTS.backend, name, {}, opts);

    requirePinned(`DockerBackend "${name}": image`, args.image);
    if (args.workerCommand && !args.workerHealthCheck) {
      throw new Error(
        `DockerBackend "${name}": workerCommand needs workerHealthCheck (every container has a health check), e.g. ["CMD-SHELL", "celery -A core inspect ping -d celery@$HOSTNAME"].`,
      );
    }
    const alias = args.alias ?? BACKEND_ALIAS;
    const port = args.port ?? BACKEND_PORT;
    const path = args.healthCheckPath ?? "/healthz";
    const envs = Object.entries(args.environment)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => pulumi.interpolate`${k}=${v}`);
    const networks = [
      { name: args.network, aliases: [] as string[] },
      ...(args.egressNetwork ? [{ name: args.egressNetwork, aliases: [] as string[] }] : []),
    ];
    const volumes = [
      { volumeName: args.staticVolume, containerPath: "/app/staticfiles" },
      { volumeName: args.mediaVolume, containerPath: BACKEND_MEDIA_PATH },
    ];
    // Django's SecurityMiddleware redirects plain http unless the proxy's header says https.
    const probe = pulumi.interpolate`import urllib.request as u; u.urlopen(u.Request("http://127.0.0.1:${port}${path}", headers={"Host": "${args.healthCheckHost}", "X-Forwarded-Proto": "https"}), timeout=4)`;

    const image = new docker.RemoteImage(
      `${name}-image`,
      { name: args.image, keepLocally: true },
      { parent: this },
    );
    const release = new docker.Container(
      `${name}-release`,
      {
        image: args.image,
        command: args.releaseCommand,
        envs,
        networksAdvanced: networks,
        volumes,
        mustRun: false,
        attach: true,
        logs: true,
        restart: "no",
        labels: roleLabel("release"),
      },
      // Create first, stated: deleted first (the provider's answer), the release step would take the web
      // container down with it before anything new runs, as the web command is made from its exit code (the
      // engine deletes such dependents first too, step_generator.go calculateDependentReplacements).
      { parent: this, dependsOn: [image], ...replaceOrder("create-first") },
    );
    // The provider records a failed release step's exit code without failing (kreuzwerker acceptance test
    // testAccDockerContainerExitCodeConfig): the web command waits on it, so a non-zero code stops the
    // update here, before a new backend runs on a half-migrated database.
    const command = args.command ?? ["gunicorn", "core.wsgi:application", "--bind", `0.0.0.0:${port}`];
    const gatedCommand = release.exitCode.apply((code) => {
      if (code !== undefined && code !== null && code !== 0) {
        throw new Error(
          `DockerBackend "${name}": the release step exited ${code}; the new backend was not started. Read its output with \`docker logs <release container>\`, fix, and run \`pulumi up\` again.`,
        );
      }
      return command;
    });
    new docker.Container(
      `${name}-web`,
      {
        image: args.image,
        command: gatedCommand,
        envs,
        networksAdvanced: [{ ...networks[0], aliases: [alias] }, ...networks.slice(1)],
        volumes,
        restart: "unless-stopped",
        healthcheck: healthcheck(["CMD", "python3", "-c", probe]),
        wait: true,
        waitTimeout: 120,
        destroyGraceSeconds: args.drainSeconds ?? 35,
        labels: roleLabel("backend"),
      },
      { parent: this, dependsOn: [release], ...replaceOrder("create-first") },
    );
    if (args.workerCommand && args.workerHealthCheck) {
      new docker.Container(
        `${name}-worker`,
        {
          image: args.image,
          command: args.workerCommand,
          envs,
          networksAdvanced: networks,
          volumes,
          restart: "unless-stopped",
          healthcheck: { ...healthcheck(args.workerHealthCheck, 20), interval: "30s", timeout: "15s" },
          // Celery's warm shutdown finishes the running tasks on SIGTERM.
          destroyGraceSeconds: args.drainSeconds ?? 35,
          labels: roleLabel("worker"),
        },
        // Two workers for a moment consume the one queue, as any two Celery workers do; none drops a task.
        { parent: this, dependsOn: [release], ...replaceOrder("create-first") },
      );
    }

    this.upstream = { host: alias, port };
    this.registerOutputs({ upstream: this.upstream });
  }
}
