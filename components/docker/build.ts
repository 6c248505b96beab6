/**
 * The self-hosted targets' builders: each part's component on the stack's one Docker host.
 *
 * One host per stack: the first Docker target the composition builds (it builds the data parts first)
 * creates the `docker.Provider` for `webapp:docker.host` and the host's shared networks and volumes
 * ({@link DockerHost}); the others find them by the App they are built under. Kept here rather than in
 * compose/ so the composition stays vendor-free, and per App (a WeakMap) so two stacks in one process (tests)
 * never share a host.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import * as random from "@pulumi/random";
import type {
  BackendContract,
  CacheContract,
  DatabaseContract,
  FrontendContract,
  MediaContract,
} from "../../contracts";
import type { BuildArgs, Builder } from "../catalog";
import { hostVariableOutputs } from "../environment";
import { BACKEND_ALIAS, BACKEND_MEDIA_PATH, BACKEND_PORT, DockerBackend } from "./backend";
import { DockerBackup } from "./backup";
import { DockerCache } from "./cache";
import type { DockerHostSettings } from "./catalogs";
import { DockerDatabase } from "./database";
import { DockerFrontend } from "./frontend";
import { DockerHost } from "./host";
import { PROXY_MEDIA_PATH } from "./nginx-config";
import { DockerProxy } from "./proxy";

interface SharedHost {
  host: DockerHost;
  opts: pulumi.ComponentResourceOptions;
  settings: DockerHostSettings;
}
const hosts = new WeakMap<pulumi.Resource, SharedHost>();

function sharedHost(a: Pick<BuildArgs<"database">, "parent" | "own" | "facts">): SharedHost {
  let shared = hosts.get(a.parent);
  if (!shared) {
    const settings = a.own.docker as DockerHostSettings;
    const provider = new docker.Provider(
      `${a.facts.prefix}-docker`,
      { host: settings.host, ...(settings.sshOpts.length ? { sshOpts: settings.sshOpts } : {}) },
      { parent: a.parent },
    );
    const opts = { parent: a.parent, providers: [provider] };
    const host = new DockerHost(
      `${a.facts.prefix}-host`,
      { prefix: a.facts.prefix, protectData: a.facts.protectData, egress: settings.egress },
      opts,
    );
    shared = { host, opts, settings };
    hosts.set(a.parent, shared);
  }
  return shared;
}

/** A generated password that is safe in a URL without escaping. */
function password(name: string, parent: pulumi.Resource): pulumi.Output<string> {
  return pulumi.secret(new random.RandomPassword(name, { length: 32, special: false }, { parent }).result);
}

export const dockerDatabaseBuilder: Builder<"database"> = {
  build: (a): DatabaseContract => {
    const { host, opts, settings } = sharedHost(a);
    const s = a.settings as {
      databaseName: string;
      user: string;
      backup: { intervalSeconds: number; keep: number };
    };
    const image = settings.images.postgres!;
    const db = new DockerDatabase(
      a.name,
      {
        image,
        network: host.internalNetwork,
        volumeName: `${a.facts.prefix}-pgdata`,
        databaseName: s.databaseName,
        user: s.user,
        password: password(`${a.name}-password`, a.parent),
        protectData: a.facts.protectData,
      },
      opts,
    );
    new DockerBackup(
      `${a.name}-backup`,
      {
        image,
        network: host.internalNetwork,
        databaseUrl: db.connection.url,
        volumeName: `${a.facts.prefix}-backups`,
        intervalSeconds: s.backup.intervalSeconds,
        keep: s.backup.keep,
        protectData: a.facts.protectData,
      },
      opts,
    );
    // No pooler on the host: no pooled URL (the contract's rule; environment.ts then sets none).
    return {
      url: db.connection.url,
      host: pulumi.output(db.connection.host),
      recovery: `pg_dump every ${s.backup.intervalSeconds} s into the ${a.facts.prefix}-backups volume on the same host, newest ${s.backup.keep} kept; restore with pg_restore (docs/self-hosted.md)`,
    };
  },
};

export const dockerCacheBuilder: Builder<"cache"> = {
  build: (a): CacheContract => {
    const { host, opts, settings } = sharedHost(a);
    const cache = new DockerCache(
      a.name,
      {
        image: settings.images.redis!,
        network: host.internalNetwork,
        volumeName: `${a.facts.prefix}-redis`,
        password: password(`${a.name}-password`, a.parent),
        protectData: a.facts.protectData,
      },
      opts,
    );
    return {
      url: cache.connection.url,
      brokerUrl: cache.connection.celeryUrl,
      host: pulumi.output(cache.connection.host),
    };
  },
};

/** Media on the host: the app stores uploads under /app/media (the media volume), the proxy serves /media/. */
export const volumeMediaBuilder: Builder<"media"> = {
  build: (a): MediaContract => {
    sharedHost(a);
    const s = a.settings as { maxUploadMegabytes: number };
    return {
      // No media service: Django's file storage writes to MEDIA_ROOT, the backend's mount of the media volume.
      files: { root: BACKEND_MEDIA_PATH, publicUrl: PROXY_MEDIA_PATH },
      account: pulumi.output(""),
      uploadPreset: pulumi.output(""),
      uploadSigned: pulumi.output(false),
      maxUploadBytes: pulumi.output(s.maxUploadMegabytes * 1024 * 1024),
      folder: pulumi.output(PROXY_MEDIA_PATH),
    };
  },
};

interface NginxSettings {
  image: string;
  maxUploadMegabytes: number;
  proxyTimeoutSeconds: number;
  hstsMaxAgeSeconds: number;
  stripApiPrefix: boolean;
  httpPort: number;
  httpsPort: number;
}

/** The built site and the proxy in front of the whole host; its origin is `https://<domains.frontend>`. */
export const nginxBuilder: Builder<"frontend"> = {
  build: (a): { contract: FrontendContract; setApiUrl(url: pulumi.Output<string>): void } => {
    const { host, opts, settings } = sharedHost(a);
    const s = a.settings as unknown as NginxSettings;
    const domain = a.inputs.domain!;
    const site = new DockerFrontend(a.name, { image: s.image, network: host.internalNetwork }, opts);
    new DockerProxy(
      `${a.facts.prefix}-proxy`,
      {
        image: settings.images.nginx!,
        publicNetwork: host.publicNetwork,
        internalNetwork: host.internalNetwork,
        serverNames: [domain],
        certificatePem: a.secrets.certificatePem,
        privateKeyPem: a.secrets.privateKeyPem,
        // The docker backend's alias (stacks/ refuses nginx with any other backend).
        backend: { host: BACKEND_ALIAS, port: BACKEND_PORT },
        frontend: site.upstream,
        staticVolume: host.staticVolume,
        mediaVolume: host.mediaVolume,
        maxUploadMegabytes: s.maxUploadMegabytes,
        proxyTimeoutSeconds: s.proxyTimeoutSeconds,
        hstsMaxAgeSeconds: s.hstsMaxAgeSeconds,
        stripApiPrefix: s.stripApiPrefix,
        httpPort: s.httpPort,
        httpsPort: s.httpsPort,
      },
      opts,
    );
    // The built site calls the API on its own origin (/api/), so the API's URL is never baked in here.
    return { contract: { url: pulumi.output(`https://${domain}`) }, setApiUrl: () => undefined };
  },
};

interface DockerBackendSettings {
  image: string;
  healthCheckPath: string;
  startCommand: string;
  migrateCommand: string;
  releaseCommand: string;
  worker: boolean;
  workerCommand: string;
  drainSeconds: number;
}

/** The API behind the proxy at `https://<domains.frontend>/api`. */
export const dockerBackendBuilder: Builder<"backend"> = {
  build: (a): BackendContract => {
    const { host, opts } = sharedHost(a);
    const s = a.settings as unknown as DockerBackendSettings;
    const origin = a.inputs.frontend!.url;
    const siteHost = origin.apply((u) => new URL(u).host);
    const hostVars = hostVariableOutputs(
      undefined,
      pulumi.all([siteHost, a.inputs.domain]).apply(([h, d]) => (d ? [h, d] : [h])),
      origin,
    );
    const sh = (command: string) => ["sh", "-c", command];
    new DockerBackend(
      a.name,
      {
        image: s.image,
        network: host.internalNetwork,
        egressNetwork: host.egressNetwork,
        environment: { ...a.inputs.environment, ...hostVars, PORT: String(BACKEND_PORT) },
        healthCheckHost: siteHost,
        healthCheckPath: s.healthCheckPath,
        command: sh(`exec ${s.startCommand}`),
        // Migrations, then static files and the superuser: the explicit one-shot step of each release.
        releaseCommand: sh(`${s.migrateCommand} && ${s.releaseCommand}`),
        ...(s.worker
          ? {
              workerCommand: sh(`exec ${s.workerCommand}`),
              workerHealthCheck: [
                "CMD-SHELL",
                `${s.workerCommand.split(" worker")[0]} inspect ping -d celery@$HOSTNAME --timeout 10`,
              ],
            }
          : {}),
        staticVolume: host.staticVolume,
        mediaVolume: host.mediaVolume,
        drainSeconds: s.drainSeconds,
      },
      opts,
    );
    return {
      url: pulumi.interpolate`${origin}/api`,
      imageRef: pulumi.output(s.image),
      unmanagedEnvVarKeys: pulumi.output([]),
    };
  },
};
