import * as assert from "node:assert/strict";
import { PlanRun, runPlan, stackConfig, writeStack } from "../helpers/run-plan";
import { applyFix, fixOf } from "./apply-fix";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");

type Config = Record<string, unknown>;

interface Case {
  name: string;
  base: "dev" | "prod";
  mutate: (c: Config) => void;
  error: string;
}

const set = (c: Config, key: string, path: string[], value: unknown) => {
  if (path.length === 0) {
    c[key] = value;
    return;
  }
  let obj = (c[key] ??= {}) as Record<string, unknown>;
  for (const p of path.slice(0, -1)) obj = (obj[p] ??= {}) as Record<string, unknown>;
  obj[path[path.length - 1]] = value;
};

/** JSON with every object's keys sorted: equal configs, equal text. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** One bad value per case; the line each must print, exactly. */
const CASES: Case[] = [
  {
    name: "missing tier",
    base: "dev",
    mutate: (c) => delete c["webapp:tier"],
    error:
      "Stack 'bad' is missing configuration value 'webapp:tier': Pulumi.yaml declares it without a default, so the Pulumi CLI refuses every preview, up, refresh and destroy without it. Fix: pulumi config set webapp:tier free --stack bad (or, if it is optional, declare it in a comment of Pulumi.yaml instead)",
  },
  {
    name: "unknown tier",
    base: "dev",
    mutate: (c) => set(c, "webapp:tier", [], "premium"),
    error:
      'webapp:tier is "premium"; allowed: free, paid; did you mean paid? Fix: pulumi config set webapp:tier paid --stack bad',
  },
  {
    name: "unknown region",
    base: "dev",
    mutate: (c) => set(c, "webapp:region", [], "mars"),
    error:
      'webapp:region is "mars"; allowed: us-west, us-central, us-east, eu-central, ap-southeast. Fix: pulumi config set webapp:region us-east --stack bad',
  },
  {
    name: "budget of the wrong type",
    base: "prod",
    mutate: (c) => set(c, "webapp:monthlyBudget", [], "lots"),
    error:
      "Stack 'bad' with configuration key 'webapp:monthlyBudget' must be of type 'integer' (declared in Pulumi.yaml); it is a string. Fix: pulumi config rm webapp:monthlyBudget --stack bad",
  },
  {
    name: "negative budget",
    base: "prod",
    mutate: (c) => set(c, "webapp:monthlyBudget", [], -5),
    error:
      "webapp:monthlyBudget is -5; must be at least 0. Fix: pulumi config set webapp:monthlyBudget 0 --stack bad",
  },
  {
    name: "unknown Render plan",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["plan"], "platinum"),
    error:
      'webapp:backend.plan is "platinum"; allowed: free, starter, starter_plus, standard, standard_plus, pro, pro_plus, pro_max, pro_ultra, custom. Fix: pulumi config set --path webapp:backend.plan standard --stack bad',
  },
  {
    name: "negative instances",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["instances"], -1),
    error:
      "webapp:backend.instances is -1; must be at least 1. Fix: pulumi config set --path webapp:backend.instances 2 --stack bad",
  },
  {
    name: "fractional instances",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["instances"], 2.5),
    error:
      "webapp:backend.instances is 2.5; expected a whole number. Fix: pulumi config set --path webapp:backend.instances 2 --stack bad",
  },
  {
    name: "history retention above Neon's limit",
    base: "prod",
    mutate: (c) => set(c, "webapp:database", ["historyRetentionSeconds"], 9999999),
    error:
      "webapp:database.historyRetentionSeconds is 9999999; must be at most 2592000. Fix: pulumi config set --path webapp:database.historyRetentionSeconds 604800 --stack bad",
  },
  {
    name: "debug of the wrong type",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["debug"], "yes"),
    error:
      'webapp:backend.debug is "yes"; expected true or false. Fix: pulumi config set --path webapp:backend.debug false --stack bad',
  },
  {
    name: "missing frontend",
    base: "dev",
    mutate: (c) => delete c["webapp:frontend"],
    error:
      "webapp:frontend is missing; it is required, with at least webapp:frontend.repository. Fix: pulumi config set --path webapp:frontend.repository <owner>/<repo> --stack bad",
  },
  {
    name: "malformed repository",
    base: "dev",
    mutate: (c) => set(c, "webapp:frontend", ["repository"], "not a repo"),
    error:
      'webapp:frontend.repository is "not a repo"; must be a GitHub repository owner/name. Fix: pulumi config set --path webapp:frontend.repository <owner>/<repo> --stack bad',
  },
  {
    name: "URL where a domain belongs",
    base: "prod",
    mutate: (c) => set(c, "webapp:domains", ["api"], "https://api.example.com/"),
    error:
      'webapp:domains.api is "https://api.example.com/"; must be a lowercase DNS hostname such as api.example.com (no scheme, no path). Fix: pulumi config set --path webapp:domains.api api.example.com --stack bad',
  },
  {
    name: "malformed image reference",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["image"], "Not An Image!"),
    error:
      'webapp:backend.image is "Not An Image!"; must be an image reference such as ghcr.io/acme/api@sha256:<64 hex digits>. Fix: pulumi config set --path webapp:backend.image ghcr.io/<owner>/<name>@sha256:<digest> --stack bad',
  },
  {
    name: "both image and build",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["image"], "ghcr.io/acme/api@sha256:" + "a".repeat(64)),
    error:
      "webapp:backend sets both backend.image and backend.build; keep one: remove backend.build to deploy the prebuilt image, or backend.image to build from source. Fix: pulumi config rm --path webapp:backend.build --stack bad",
  },
  {
    name: "build pushed somewhere other than GHCR",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["build", "repository"], "docker.io/acme/api"),
    error:
      'webapp:backend.build.repository is "docker.io/acme/api"; must be a lowercase GHCR repository such as ghcr.io/acme/api (no tag). Fix: pulumi config set --path webapp:backend.build.repository ghcr.io/<owner>/<name> --stack bad',
  },
  {
    name: "worker on the free tier",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["worker"], true),
    error:
      "webapp:backend.worker is true; Render has no free background workers on the free tier (webapp:tier is free). Fix: pulumi config set --path webapp:backend.worker false --stack bad",
  },
  {
    name: "autoscaling on the free tier",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["autoscaling"], { min: 1, max: 3 }),
    error:
      'webapp:backend.autoscaling is {"min":1,"max":3,"cpuPercent":70}; Render free web services cannot autoscale on the free tier (webapp:tier is free). Fix: pulumi config rm --path webapp:backend.autoscaling --stack bad',
  },
  {
    name: "paid plan on the free tier",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["plan"], "standard"),
    error:
      'webapp:backend.plan is "standard"; Render bills every plan but free on the free tier (webapp:tier is free). Fix: pulumi config set --path webapp:backend.plan free --stack bad',
  },
  {
    name: "Neon compute above the free limit",
    base: "dev",
    mutate: (c) => set(c, "webapp:database", ["maxCu"], 4),
    error:
      "webapp:database.maxCu is 4; Neon Free autoscales up to 2 CU on the free tier (webapp:tier is free). Fix: pulumi config set --path webapp:database.maxCu 2 --stack bad",
  },
  {
    name: "history retention above the free limit",
    base: "dev",
    mutate: (c) => set(c, "webapp:database", ["historyRetentionSeconds"], 86400),
    error:
      "webapp:database.historyRetentionSeconds is 86400; Neon Free keeps at most 21600 s (6 h) of history on the free tier (webapp:tier is free). Fix: pulumi config set --path webapp:database.historyRetentionSeconds 21600 --stack bad",
  },
  {
    name: "read regions on the free tier",
    base: "dev",
    mutate: (c) => set(c, "webapp:cache", ["readRegions"], ["us-west-2"]),
    error:
      'webapp:cache.readRegions is ["us-west-2"]; Upstash read regions are billed per replicated command on the free tier (webapp:tier is free). Fix: pulumi config rm --path webapp:cache.readRegions --stack bad',
  },
  {
    name: "misspelt nested key",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["plann"], "free"),
    error:
      "webapp:backend.plann is not a known setting; did you mean webapp:backend.plan? Fix: pulumi config rm --path webapp:backend.plann --stack bad && pulumi config set --path webapp:backend.plan free --stack bad",
  },
  {
    name: "misspelt top-level key",
    base: "dev",
    mutate: (c) => set(c, "webapp:regoin", [], "us-east"),
    error:
      "webapp:regoin is not a known setting; did you mean webapp:region? Fix: pulumi config rm webapp:regoin --stack bad && pulumi config set webapp:region us-east --stack bad",
  },
  {
    name: "compute size Neon does not offer",
    base: "prod",
    mutate: (c) => set(c, "webapp:database", ["maxCu"], 3.5),
    error:
      "webapp:database.maxCu is 3.5; allowed: 0.25, 0.5 or a whole number of CU from 1 to 16. Fix: pulumi config set --path webapp:database.maxCu 4 --stack bad",
  },
  {
    name: "minimum compute above the maximum",
    base: "prod",
    mutate: (c) => set(c, "webapp:database", ["minCu"], 8),
    error:
      "webapp:database.minCu is 8; must not exceed database.maxCu (4). Fix: pulumi config set --path webapp:database.minCu 0.25 --stack bad",
  },
  {
    name: "autoscaling maximum below its minimum",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["autoscaling"], { min: 4, max: 2 }),
    error:
      "webapp:backend.autoscaling.max is 2; must be at least backend.autoscaling.min (4). Fix: pulumi config set --path webapp:backend.autoscaling.max 4 --stack bad",
  },
  {
    name: "paid stack on the free plan",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["plan"], "free"),
    error:
      'webapp:backend.plan is "free"; a paid stack runs on a paid Render plan (starter, standard, pro, ...). Fix: pulumi config set --path webapp:backend.plan standard --stack bad',
  },
  {
    name: "health check path without a slash",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["healthCheckPath"], "healthz"),
    error:
      'webapp:backend.healthCheckPath is "healthz"; must be a URL path starting with /. Fix: pulumi config set --path webapp:backend.healthCheckPath /healthz --stack bad',
  },
  {
    name: "upload limit above Cloudinary Free",
    base: "dev",
    mutate: (c) => set(c, "webapp:media", ["presets"], [{ name: "avatars", maxFileSizeMb: 50 }]),
    error:
      "webapp:media.presets[0].maxFileSizeMb is 50; Cloudinary Free accepts image uploads up to 10 MB on the free tier (webapp:tier is free). Fix: pulumi config set --path 'webapp:media.presets[0].maxFileSizeMb' 10 --stack bad",
  },
  {
    name: "Postgres version Neon does not run",
    base: "prod",
    mutate: (c) => set(c, "webapp:database", ["postgresVersion"], 12),
    error:
      "webapp:database.postgresVersion is 12; must be at least 14. Fix: pulumi config set --path webapp:database.postgresVersion 17 --stack bad",
  },
  {
    name: "unknown Upstash read region",
    base: "prod",
    mutate: (c) => set(c, "webapp:cache", ["readRegions"], ["mars-1"]),
    error: `webapp:cache.readRegions[0] is "mars-1"; allowed: us-east-1, us-east-2, us-west-1, us-west-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, sa-east-1, ap-south-1, ap-northeast-1, ap-southeast-1, ap-southeast-2, af-south-1. Fix: pulumi config set --path 'webapp:cache.readRegions[0]' us-east-2 --stack bad`,
  },
  {
    name: "malformed admin email",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["adminEmail"], "not-an-email"),
    error:
      'webapp:backend.adminEmail is "not-an-email"; must be an email address. Fix: pulumi config set --path webapp:backend.adminEmail admin@example.com --stack bad',
  },
  {
    name: "autoscaling CPU target above Render's limit",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["autoscaling", "cpuPercent"], 95),
    error:
      "webapp:backend.autoscaling.cpuPercent is 95; must be at most 90. Fix: pulumi config set --path webapp:backend.autoscaling.cpuPercent 70 --stack bad",
  },
  {
    name: "GHCR user without a token",
    base: "prod",
    mutate: (c) => set(c, "webapp:ghcrUsername", [], "octocat"),
    error:
      "webapp:ghcrToken is missing; webapp:ghcrUsername and webapp:ghcrToken go together. Fix: pulumi config set --secret webapp:ghcrToken <github token> --stack bad (a token with read:packages and write:packages)",
  },
  {
    name: "autoscaling in a Hobby workspace",
    base: "prod",
    mutate: (c) => set(c, "webapp:render", ["workspace"], "hobby"),
    error:
      'webapp:backend.autoscaling is {"min":2,"max":4,"cpuPercent":70}; Render autoscales only in a Professional workspace or higher (webapp:render.workspace is hobby). Fix: pulumi config set --path webapp:render.workspace professional --stack bad',
  },
  {
    name: "unknown Render workspace plan",
    base: "prod",
    mutate: (c) => set(c, "webapp:render", ["workspace"], "team"),
    error:
      'webapp:render.workspace is "team"; allowed: hobby, professional. Fix: pulumi config set --path webapp:render.workspace hobby --stack bad',
  },
  {
    name: "eviction on the database a worker's broker lives in",
    base: "prod",
    mutate: (c) => set(c, "webapp:cache", ["eviction"], true),
    error:
      "webapp:cache.eviction is true; the database carries the Celery broker of backend.worker, and eviction drops queued tasks (they have no TTL). Fix: pulumi config rm --path webapp:cache.eviction --stack bad",
  },
  {
    name: "cache budget below Upstash's smallest",
    base: "prod",
    mutate: (c) => set(c, "webapp:cache", ["budget"], 0),
    error:
      "webapp:cache.budget is 0; must be at least 1. Fix: pulumi config set --path webapp:cache.budget 25 --stack bad",
  },
  {
    name: "adopting something that is not a Render service id",
    base: "prod",
    mutate: (c) => set(c, "webapp:adopt", ["backendService"], "webapp-prod-api"),
    error:
      "webapp:adopt.backendService is \"webapp-prod-api\"; must be a Render service id such as srv-ct6vn35j0q5s700ckga0. Fix: pulumi config set --path webapp:adopt.backendService 'srv-<20 letters and digits>' --stack bad",
  },
  {
    name: "adopting a Neon branch instead of its project",
    base: "prod",
    mutate: (c) => set(c, "webapp:adopt", ["neonProject"], "br-quiet-bold-12345678"),
    error:
      'webapp:adopt.neonProject is "br-quiet-bold-12345678"; must be a Neon project id such as shiny-wind-028834. Fix: pulumi config set --path webapp:adopt.neonProject <word>-<word>-<number> --stack bad',
  },
  {
    name: "adopting an Upstash database by name",
    base: "dev",
    mutate: (c) => set(c, "webapp:adopt", ["upstashDatabase"], "webapp-dev"),
    error:
      "webapp:adopt.upstashDatabase is \"webapp-dev\"; must be an Upstash database id (a UUID from the database's details page). Fix: pulumi config set --path webapp:adopt.upstashDatabase '<database uuid>' --stack bad",
  },
  {
    name: "adopting a Vercel project by name",
    base: "dev",
    mutate: (c) => set(c, "webapp:adopt", ["vercelProject"], "webapp-web"),
    error:
      'webapp:adopt.vercelProject is "webapp-web"; must be a Vercel project id such as prj_abc123 (or team_xyz/prj_abc123 for a team project). Fix: pulumi config set --path webapp:adopt.vercelProject prj_<id> --stack bad',
  },
  {
    name: "adopting something the program does not manage",
    base: "dev",
    mutate: (c) => set(c, "webapp:adopt", ["postgres"], "dpg-123"),
    error:
      "webapp:adopt.postgres is not a known setting; known under webapp:adopt: backendService, backendWorker, neonProject, mediaFolder, upstashDatabase, vercelProject, vercelEnvVars, vercelDomain. Fix: pulumi config rm --path webapp:adopt.postgres --stack bad",
  },
  {
    name: "adopted media folder other than the configured one",
    base: "prod",
    mutate: (c) => set(c, "webapp:adopt", ["mediaFolder"], "shop/media"),
    error:
      'webapp:adopt.mediaFolder is "shop/media"; the adopted folder is the stack\'s media folder, but webapp:media.folder is "webapp-prod". Fix: pulumi config rm --path webapp:media.folder --stack bad',
  },
  {
    name: "malformed Cloudinary URL (never echoed)",
    base: "dev",
    mutate: (c) => set(c, "cloudinary:url", [], "https://key:s3cr3t-value@cloud"),
    error:
      "cloudinary:url is not a Cloudinary URL; expected cloudinary://<api_key>:<api_secret>@<cloud_name>. Fix: pulumi config set --secret cloudinary:url 'cloudinary://<api_key>:<api_secret>@<cloud_name>' --stack bad (or export CLOUDINARY_URL)",
  },
  {
    name: "Render's own region name",
    base: "dev",
    mutate: (c) => set(c, "webapp:region", [], "oregon"),
    error:
      'webapp:region is "oregon"; allowed: us-west, us-central, us-east, eu-central, ap-southeast; did you mean us-west? Fix: pulumi config set webapp:region us-west --stack bad',
  },
  {
    name: "Neon's own region id",
    base: "prod",
    mutate: (c) => set(c, "webapp:region", [], "aws-eu-central-1"),
    error:
      'webapp:region is "aws-eu-central-1"; allowed: us-west, us-central, us-east, eu-central, ap-southeast; did you mean eu-central? Fix: pulumi config set webapp:region eu-central --stack bad',
  },
  {
    name: "Neon region with no twin of ours",
    base: "dev",
    mutate: (c) => set(c, "webapp:region", [], "aws-eu-west-2"),
    error:
      'webapp:region is "aws-eu-west-2"; allowed: us-west, us-central, us-east, eu-central, ap-southeast; did you mean eu-central? Fix: pulumi config set webapp:region eu-central --stack bad',
  },
  {
    name: "misspelt Render plan",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["plan"], "pro-plus"),
    error:
      'webapp:backend.plan is "pro-plus"; allowed: free, starter, starter_plus, standard, standard_plus, pro, pro_plus, pro_max, pro_ultra, custom; did you mean pro_plus? Fix: pulumi config set --path webapp:backend.plan pro_plus --stack bad',
  },
  {
    name: "misspelt tier",
    base: "dev",
    mutate: (c) => set(c, "webapp:tier", [], "fre"),
    error:
      'webapp:tier is "fre"; allowed: free, paid; did you mean free? Fix: pulumi config set webapp:tier free --stack bad',
  },
  {
    name: "nested key set at the top level (no --path)",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend.healthCheckPath", [], "/ready"),
    error:
      'webapp:backend.healthCheckPath is one top-level key named "backend.healthCheckPath", which the program never reads; a nested setting is set with --path. Fix: pulumi config rm webapp:backend.healthCheckPath --stack bad && pulumi config set --path webapp:backend.healthCheckPath /ready --stack bad',
  },
  {
    name: "nested secret set at the top level (never echoed)",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend.adminEmail", [], { secure: "v1:c2VjcmV0" }),
    error:
      "webapp:backend.adminEmail is one top-level key named \"backend.adminEmail\", which the program never reads; a nested setting is set with --path. Fix: pulumi config rm webapp:backend.adminEmail --stack bad && pulumi config set --secret --path webapp:backend.adminEmail '<secret value>' --stack bad",
  },
  {
    name: "secretEnv value of the wrong type (never echoed)",
    base: "dev",
    mutate: (c) =>
      set(c, "webapp:backend", ["secretEnv", "EMAIL_HOST_PASSWORD"], { value: { secure: "v1:c2VjcmV0" } }),
    error:
      "webapp:backend.secretEnv.EMAIL_HOST_PASSWORD is an object (value hidden: the key holds a secret); allowed: a string (or a whole number, or true/false). Fix: pulumi config set --secret --path webapp:backend.secretEnv.EMAIL_HOST_PASSWORD '<secret value>' --stack bad",
  },
  {
    name: "a European region written the AWS way",
    base: "dev",
    mutate: (c) => set(c, "webapp:region", [], "eu-west"),
    error:
      'webapp:region is "eu-west"; allowed: us-west, us-central, us-east, eu-central, ap-southeast; did you mean eu-central? Fix: pulumi config set webapp:region eu-central --stack bad',
  },
  {
    name: "a tier named for what it is for",
    base: "prod",
    mutate: (c) => set(c, "webapp:tier", [], "production"),
    error:
      'webapp:tier is "production"; allowed: free, paid; did you mean paid? Fix: pulumi config set webapp:tier paid --stack bad',
  },
  {
    name: "api and frontend on the same host",
    base: "prod",
    mutate: (c) => set(c, "webapp:domains", ["api"], "www.example.com"),
    error:
      'webapp:domains.api is "www.example.com"; it is also webapp:domains.frontend, and one host cannot serve both the API (Render) and the site (Vercel). Fix: pulumi config set --path webapp:domains.api api.example.com --stack bad',
  },
  {
    name: "frontend repository written as a clone URL's tail",
    base: "dev",
    mutate: (c) => set(c, "webapp:frontend", ["repository"], "acme/webapp-web.git"),
    error:
      'webapp:frontend.repository is "acme/webapp-web.git"; a GitHub repository is owner/name, without the clone URL\'s .git. Fix: pulumi config set --path webapp:frontend.repository acme/webapp-web --stack bad',
  },
  {
    name: "image repository ending in .git",
    base: "prod",
    mutate: (c) => set(c, "webapp:backend", ["build", "repository"], "ghcr.io/acme/webapp-api.git"),
    error:
      'webapp:backend.build.repository is "ghcr.io/acme/webapp-api.git"; an image repository such as ghcr.io/acme/api, not a git clone URL. Fix: pulumi config set --path webapp:backend.build.repository ghcr.io/acme/webapp-api --stack bad',
  },
  {
    name: "a read region equal to the primary",
    base: "prod",
    mutate: (c) => set(c, "webapp:cache", ["readRegions"], ["us-west-2", "us-east-1"]),
    error:
      "webapp:cache.readRegions[1] is \"us-east-1\"; it is the primary region of webapp:region us-east, which Upstash refuses as a read region. Fix: pulumi config rm --path 'webapp:cache.readRegions[1]' --stack bad",
  },
  {
    name: "adopting a worker the stack does not run",
    base: "dev",
    mutate: (c) => set(c, "webapp:adopt", ["backendWorker"], "srv-ct6vn35j0q5s700ckga1"),
    error:
      'webapp:adopt.backendWorker is "srv-ct6vn35j0q5s700ckga1"; the stack runs no background worker (webapp:backend.worker is false), so nothing would adopt it. Fix: pulumi config rm --path webapp:adopt.backendWorker --stack bad',
  },
  {
    name: "a GHCR token in plain text (never echoed)",
    base: "prod",
    mutate: (c) => {
      set(c, "webapp:ghcrUsername", [], "octocat");
      set(c, "webapp:ghcrToken", [], "ghp_s3cr3tplaintext");
    },
    error:
      'webapp:ghcrToken is set in plain text; it is a credential and must be a secret. Fix: pulumi config set --secret webapp:ghcrToken "$(pulumi config get webapp:ghcrToken --stack bad)" --stack bad',
  },
  {
    name: "protectData written as a word (the fix is a real boolean)",
    base: "prod",
    mutate: (c) => set(c, "webapp:protectData", [], "yes"),
    error:
      'webapp:protectData is "yes"; expected true or false. Fix: pulumi config set webapp:protectData true --stack bad',
  },
  {
    name: "a start command of the wrong type (no example value: the key is removed)",
    base: "dev",
    mutate: (c) => set(c, "webapp:backend", ["startCommand"], ["gunicorn", "core.wsgi"]),
    error:
      'webapp:backend.startCommand is ["gunicorn","core.wsgi"]; expected a string. Fix: pulumi config rm --path webapp:backend.startCommand --stack bad',
  },
  {
    name: "unknown key with nothing close",
    base: "dev",
    mutate: (c) => set(c, "webapp:cache", ["colour"], "blue"),
    error:
      "webapp:cache.colour is not a known setting; known under webapp:cache: readRegions, eviction, budget, databaseName, target. Fix: pulumi config rm --path webapp:cache.colour --stack bad",
  },
  {
    name: "misspelt object-valued key",
    base: "prod",
    mutate: (c) => {
      c["webapp:databse"] = c["webapp:database"];
      delete c["webapp:database"];
    },
    error:
      "webapp:databse is not a known setting; did you mean webapp:database? Fix: rename webapp:databse to webapp:database in Pulumi.bad.yaml",
  },
  {
    name: "neither image nor build",
    base: "dev",
    mutate: (c) => delete (c["webapp:backend"] as Config).image,
    error:
      "webapp:backend.image is missing; set backend.image (a prebuilt image pinned by digest) or backend.build (context + GHCR repository). Fix: pulumi config set --path webapp:backend.image ghcr.io/<owner>/<name>@sha256:<digest> --stack bad",
  },
  {
    name: "compute size Neon does not offer, as `config set --path` stores it (a string)",
    base: "prod",
    mutate: (c) => set(c, "webapp:database", ["minCu"], "0.3"),
    error:
      "webapp:database.minCu is 0.3; allowed: 0.25, 0.5 or a whole number of CU from 1 to 16. Fix: pulumi config set --path webapp:database.minCu 0.5 --stack bad",
  },
];

describe("offline plan: bad stack config", function () {
  this.timeout(60_000);

  it("has at least 25 distinct cases", () => {
    assert.ok(CASES.length >= 25);
    assert.equal(new Set(CASES.map((c) => c.error)).size, CASES.length);
  });

  for (const c of CASES) {
    it(`${c.name}: exits 2 with one line and creates nothing`, async () => {
      const config = structuredClone(stackConfig(c.base));
      c.mutate(config);
      const dir = writeStack("bad", config);
      const run = await runPlan(["--stack", "bad", "--config-dir", dir]);
      assert.equal(run.stdout, "");
      assert.equal(run.stderr, `error: ${c.error}\n`);
      assert.equal(run.code, 2);
      assert.ok(!run.stderr.includes("s3cr3t"));
      assert.ok(!run.stderr.includes("plan-placeholder"), "a secret's (placeholder) value in the message");
      // The root stack registers before the program runs (as in the engine); nothing of the program may.
      // A config the CLI refuses before the program starts leaves no monitor (or the previous run's).
      if (run.stderr.startsWith("error: Stack 'bad' ")) return;
      const registered = [...settings.getMonitor().getRegisteredResources().values()]
        .map((r: { urn: string }) => r.urn.split("::")[2])
        .filter((type: string) => type !== "pulumi:pulumi:Stack");
      assert.deepEqual(registered, []);
    });
  }

  it("reports every config error in one run, each fix applied leads to a clean plan", async () => {
    const config = structuredClone(stackConfig("dev"));
    set(config, "webapp:region", [], "mars");
    set(config, "webapp:backend", ["plan"], "platinum");
    set(config, "webapp:database", ["maxCu"], 3.5);
    set(config, "webapp:cache", ["colour"], "blue");
    const run = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
    assert.equal(run.code, 2);
    const lines = run.stderr.trimEnd().split("\n");
    assert.deepEqual(
      lines.map((l) => /^error: (\S+)/.exec(l)?.[1]),
      ["webapp:region", "webapp:backend.plan", "webapp:database.maxCu", "webapp:cache.colour"],
    );
    for (const line of lines) applyFix(config, fixOf(line));
    const fixed = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
    assert.equal(fixed.stderr, "");
    assert.equal(fixed.code, 0);
  });

  // The plan is a function of the config: many fixes restore the very config another case ends in.
  const plans = new Map<string, Promise<PlanRun>>();
  const planOnce = (config: Config): Promise<PlanRun> => {
    const key = canonical(config);
    if (!plans.has(key))
      plans.set(key, runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]));
    return plans.get(key)!;
  };

  // A fix that, applied, brings back the error it fixes sends the user round in circles. Each suggested
  // fix is applied as the CLI stores it and re-planned, following the next error's fix in turn, until
  // the config is valid: the plan passes, or the policy pack judges the now valid stack (exit 1, the
  // budget policy on a bigger prod); no key may fail twice.
  for (const c of CASES) {
    it(`${c.name}: following each suggested fix ends in a valid config`, async () => {
      const config = structuredClone(stackConfig(c.base));
      c.mutate(config);
      const seen: string[] = [];
      for (let step = 0; step < 5; step++) {
        const run = await planOnce(config);
        if (run.code === 0) return;
        if (run.code === 1) {
          assert.match(run.stdout, /Policy violations: [1-9]\d* mandatory/);
          return;
        }
        assert.equal(run.code, 2, run.stderr);
        // Every line's fix at once: all the errors of a run are reported together.
        for (const line of run.stderr.trimEnd().split("\n")) {
          const key = /^error: (\S+)/.exec(line)?.[1] ?? line;
          assert.ok(!seen.includes(key), `${key} fails again after its fix: ${line}`);
          seen.push(key);
          applyFix(config, fixOf(line));
        }
      }
      assert.fail(`still failing after 5 fixes: ${seen.join(", ")}`);
    });
  }
});
