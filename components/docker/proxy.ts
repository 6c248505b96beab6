import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { DOCKER_COMPONENTS } from "./catalog";
import { healthcheck, replaceOrder, requirePinned, roleLabel } from "./health";
import { nginxConfig, PROXY_HEALTH_PATH, proxyParams } from "./nginx-config";

export interface DockerProxyArgs {
  /** nginx image pinned by digest (official `nginx:<version>` or one with the same paths). */
  image: pulumi.Input<string>;
  /** The public network, on which it publishes ports (DockerHost.publicNetwork). */
  publicNetwork: pulumi.Input<string>;
  /** The internal network, on which it reaches the backend and frontend (DockerHost.internalNetwork). */
  internalNetwork: pulumi.Input<string>;
  /** Public host names; the first is where port 80 redirects. */
  serverNames: string[];
  /** TLS certificate chain, PEM (a secret in config). */
  certificatePem: pulumi.Input<string>;
  /** Its private key, PEM (a secret). */
  privateKeyPem: pulumi.Input<string>;
  /** DockerBackend.upstream. */
  backend: { host: string; port: number };
  /** DockerFrontend.upstream. */
  frontend: { host: string; port: number };
  /** DockerHost.staticVolume, served read-only at `/static/`. */
  staticVolume: pulumi.Input<string>;
  /** DockerHost.mediaVolume, served read-only at `/media/`. */
  mediaVolume: pulumi.Input<string>;
  /** Largest request body in megabytes. Default 20. */
  maxUploadMegabytes?: number;
  /** Seconds to wait for the backend. Default 60. */
  proxyTimeoutSeconds?: number;
  /** HSTS max-age in seconds; 0 turns the header off. Default 31536000 (a year). */
  hstsMaxAgeSeconds?: number;
  /** Send `/api/x` to the backend as `/x`. Default false. */
  stripApiPrefix?: boolean;
  /** Host ports. Default 80 and 443 on every address. */
  httpPort?: number;
  httpsPort?: number;
  bindAddress?: string;
}

/**
 * nginx, the only container that publishes ports: 80 answers with a redirect to https, 443 terminates TLS
 * with the certificate from config and routes `/api/` and `/admin/` to the backend, `/static/` and
 * `/media/` from volumes, the rest to the frontend.
 *
 * Certificates from config rather than automatic issuance (ACME): the deploy then works unattended on any
 * host, including one with no public DNS yet or behind a firewall, and renewal is a `pulumi config set
 * --secret` plus `pulumi up` (docs/self-hosted.md). Host ports are fixed, so a replacement deletes the old
 * container first; the proxy changes only with its own config or image, never with an app release.
 */
export class DockerProxy extends pulumi.ComponentResource {
  /** The generated nginx.conf (no secrets in it). */
  public readonly config: string;

  constructor(name: string, args: DockerProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DOCKER_COMPONENTS.proxy, name, {}, opts);

    requirePinned(`DockerProxy "${name}": image`, args.image);
    const upload = args.maxUploadMegabytes ?? 20;
    const timeout = args.proxyTimeoutSeconds ?? 60;
    if (!(Number.isInteger(upload) && upload >= 1)) {
      throw new Error(
        `DockerProxy "${name}": maxUploadMegabytes ${upload} must be a whole number of megabytes, at least 1.`,
      );
    }
    if (!(Number.isInteger(timeout) && timeout >= 1)) {
      throw new Error(
        `DockerProxy "${name}": proxyTimeoutSeconds ${timeout} must be a whole number of seconds, at least 1.`,
      );
    }
    const config = nginxConfig({
      serverNames: args.serverNames,
      backend: args.backend,
      frontend: args.frontend,
      maxUploadMegabytes: upload,
      proxyTimeoutSeconds: timeout,
      hstsMaxAgeSeconds: args.hstsMaxAgeSeconds ?? 31536000,
      stripApiPrefix: args.stripApiPrefix ?? false,
      resolverValidSeconds: 1,
      certificatePath: "/etc/nginx/tls/cert.pem",
      keyPath: "/etc/nginx/tls/key.pem",
      staticRoot: "/srv/static",
      mediaRoot: "/srv/media",
    });
    const bind = args.bindAddress ?? "0.0.0.0";

    const image = new docker.RemoteImage(
      `${name}-image`,
      { name: args.image, keepLocally: true },
      { parent: this },
    );
    new docker.Container(
      `${name}-nginx`,
      {
        image: args.image,
        uploads: [
          { file: "/etc/nginx/nginx.conf", content: config },
          {
            file: "/etc/nginx/webapp-proxy-params.conf",
            content: proxyParams({ proxyTimeoutSeconds: timeout }),
          },
          { file: "/etc/nginx/tls/cert.pem", content: args.certificatePem },
          { file: "/etc/nginx/tls/key.pem", content: pulumi.secret(args.privateKeyPem) },
        ],
        ports: [
          { internal: 80, external: args.httpPort ?? 80, ip: bind, protocol: "tcp" },
          { internal: 443, external: args.httpsPort ?? 443, ip: bind, protocol: "tcp" },
        ],
        networksAdvanced: [
          { name: args.publicNetwork, aliases: [] },
          { name: args.internalNetwork, aliases: [] },
        ],
        volumes: [
          { volumeName: args.staticVolume, containerPath: "/srv/static", readOnly: true },
          { volumeName: args.mediaVolume, containerPath: "/srv/media", readOnly: true },
        ],
        restart: "unless-stopped",
        healthcheck: healthcheck([
          "CMD",
          "curl",
          "-fsSk",
          "-o",
          "/dev/null",
          `https://127.0.0.1${PROXY_HEALTH_PATH}`,
        ]),
        wait: true,
        destroyGraceSeconds: 15,
        labels: roleLabel("proxy"),
      },
      { parent: this, dependsOn: [image], ...replaceOrder("delete-first") },
    );

    this.config = config;
    this.registerOutputs({ config: this.config });
  }
}
