/**
 * The self-hosted components wired by hand, with short names, for the components' own tests
 * (components.test.ts): the reference app's environment from the data components' connections. The proof
 * applies the program's composition instead (stack.ts).
 */
import {
  DockerBackend,
  DockerBackup,
  DockerCache,
  DockerDatabase,
  DockerFrontend,
  DockerHost,
  DockerProxy,
} from "../../components/docker";

export interface ProofImages {
  backend: string;
  postgres: string;
  redis: string;
  nginx: string;
}

export interface ProofStackOptions {
  prefix: string;
  domain: string;
  images: ProofImages;
  /** The frontend's image (the proof's second release changes it). */
  frontendImage: string;
  certificatePem: string;
  privateKeyPem: string;
  secrets: { django: string; database: string; redis: string; superuser: string };
  httpPort: number;
  httpsPort: number;
  backupIntervalSeconds: number;
}

export function selfHostedStack(o: ProofStackOptions): Record<string, unknown> {
  const host = new DockerHost("host", { prefix: o.prefix });
  const database = new DockerDatabase("db", {
    image: o.images.postgres,
    network: host.internalNetwork,
    volumeName: `${o.prefix}-pgdata`,
    databaseName: "shop",
    user: "shop",
    password: o.secrets.database,
  });
  const cache = new DockerCache("cache", {
    image: o.images.redis,
    network: host.internalNetwork,
    volumeName: `${o.prefix}-redis`,
    password: o.secrets.redis,
  });
  const origin = `https://${o.domain}`;
  const backend = new DockerBackend("api", {
    image: o.images.backend,
    network: host.internalNetwork,
    healthCheckHost: o.domain,
    environment: {
      SECRET_KEY: o.secrets.django,
      DEBUG: "False",
      ALLOWED_HOSTS: o.domain,
      CSRF_TRUSTED_ORIGINS: origin,
      CORS_ALLOWED_ORIGINS: origin,
      FRONTEND_URL: origin,
      // Media on the host volume (served by the proxy), not Cloudinary: the app reads the key, empty here.
      CLOUDINARY_URL: "",
      DATABASE_URL: database.connection.url,
      REDIS_URL: cache.connection.url,
      CELERY_BROKER_URL: cache.connection.celeryUrl,
      CELERY_RESULT_BACKEND: cache.connection.celeryUrl,
      CELERY_TASK_ALWAYS_EAGER: "False",
      CELERY_TASK_EAGER_PROPAGATES: "False",
      STATIC_ROOT: "/app/staticfiles",
      DJANGO_SUPERUSER_USERNAME: "admin",
      DJANGO_SUPERUSER_EMAIL: "admin@example.com",
      DJANGO_SUPERUSER_PASSWORD: o.secrets.superuser,
    },
    releaseCommand: [
      "sh",
      "-c",
      "python3 manage.py migrate --noinput && python3 manage.py collectstatic --noinput && python3 manage.py ensure_superuser",
    ],
    workerCommand: ["celery", "-A", "core", "worker", "--loglevel=INFO", "--concurrency=1"],
    workerHealthCheck: ["CMD-SHELL", "celery -A core inspect ping -d celery@$HOSTNAME --timeout 10"],
    staticVolume: host.staticVolume,
    mediaVolume: host.mediaVolume,
  });
  const frontend = new DockerFrontend("web", { image: o.frontendImage, network: host.internalNetwork });
  new DockerBackup("backup", {
    image: o.images.postgres,
    network: host.internalNetwork,
    databaseUrl: database.connection.url,
    volumeName: `${o.prefix}-backups`,
    intervalSeconds: o.backupIntervalSeconds,
    keep: 3,
  });
  new DockerProxy("proxy", {
    image: o.images.nginx,
    publicNetwork: host.publicNetwork,
    internalNetwork: host.internalNetwork,
    serverNames: [o.domain],
    certificatePem: o.certificatePem,
    privateKeyPem: o.privateKeyPem,
    backend: backend.upstream,
    frontend: frontend.upstream,
    staticVolume: host.staticVolume,
    mediaVolume: host.mediaVolume,
    // The reference app serves /healthz and /admin/ at its root (test/app/core/urls.py).
    stripApiPrefix: true,
    httpPort: o.httpPort,
    httpsPort: o.httpsPort,
  });
  return {};
}
