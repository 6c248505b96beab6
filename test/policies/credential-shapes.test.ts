import * as assert from "assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { DOCKER_BUILD_IMAGE, RENDER_WEB_SERVICE, VERCEL_ENV_VAR } from "../../policies/lib/tokens";
import { planStack } from "../../tools/plan/cli";
import { formatMarkdown } from "../../tools/plan/format-markdown";
import { formatPrComment } from "../../tools/plan/pr-comment";
import { stackConfig } from "../helpers/run-plan";
import { withBackendEnv, withVercelEnvVar } from "./fixtures";
import { assertNoSecrets, mutate, runPolicy, urnOf, violation } from "./harness";

/*
 * Issue 15 item 12: credentials that hide behind their value's shape, a prefix other teams use, or a name a
 * plain-suffix list misses; images pushed under a moving or missing tag.
 */

const api = urnOf(RENDER_WEB_SERVICE, "api");
const web = urnOf(VERCEL_ENV_VAR, "web-api-url");
const image = urnOf(DOCKER_BUILD_IMAGE, "api-image");
const secrets = "credential-values-are-secrets";
const sensitive = "credential-env-vars-sensitive";

// Token shapes as their issuers document them: Stripe secret keys `sk_live_` (docs.stripe.com/keys), GitHub
// tokens `ghp_`/`github_pat_` (github.blog 2021-04-05 "Behind GitHub's new authentication token formats"),
// AWS access key ids `AKIA` + 16 (IAM user guide, "Understanding unique ID prefixes"), PEM private keys.
const STRIPE = `sk_live_${"4eC39HqLyjWDarjtT1zdp7dc".repeat(2)}`;
const GITHUB = `ghp_${"A1b2C3d4E5f6G7h8I9j0".repeat(2)}`;
const AWS_ID = "AKIAIOSFODNN7EXAMPLE";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1x\n-----END RSA PRIVATE KEY-----";
const QUERY_PASSWORD = "hunter2-query-password";
const QUERY_URL = `https://hooks.example.com/notify?user=ops&password=${QUERY_PASSWORD}`;
const CLEAR = [STRIPE, GITHUB, AWS_ID, "MIIEpAIBAAKCAQEA1x", QUERY_PASSWORD];

const plainFix = (key: string) =>
  `${key} (input envVars.${key} of 'api') is a plain value; set it with \`pulumi config set --secret ` +
  `--path webapp:backend.secretEnv.${key} <value>\` instead of webapp:backend.env.${key}.`;

describe("credentials by their value's shape, prefixes and common names (issue 15 item 12)", () => {
  const shaped: [string, string, string][] = [
    ["a Stripe secret key", "PAYMENTS", STRIPE],
    ["a GitHub token", "DEPLOY_BOT", GITHUB],
    ["an AWS access key id", "S3_ID", AWS_ID],
    ["a PEM private key", "SIGNING_PEM", PEM],
    ["a URL with ?password=", "WEBHOOK", QUERY_URL],
    ["a URL with an upper-case &PASSWORD=", "NOTIFY", "https://h.example.com/x?a=1&PASSWORD=p4ss-word-x"],
  ];
  for (const [label, key, value] of shaped) {
    it(`${secrets}: fails ${label} in webapp:backend.env, naming the key only`, async () => {
      const vs = await runPolicy(secrets, withBackendEnv(key, value));
      assert.deepStrictEqual(vs, [violation(secrets, plainFix(key), api)]);
      assertNoSecrets(vs, CLEAR);
    });
  }

  const harmless: [string, string, string][] = [
    ["a URL whose query has no password", "FRONTEND_URL", "https://app.example.com/?next=/login"],
    ["an empty ?password=", "LOGIN_URL", "https://app.example.com/login?password="],
    ["a word that starts like a key", "THEME", "sk_dark"],
    ["a short id", "REGION_HINT", "AKIA"],
  ];
  for (const [label, key, value] of harmless) {
    it(`${secrets}: passes ${label}`, async () => {
      assert.deepStrictEqual(await runPolicy(secrets, withBackendEnv(key, value)), []);
    });
  }

  const names = [
    "DJANGO_SECRET_KEY",
    "NEXTAUTH_SECRET",
    "PGPASSWORD",
    "CLOUDINARY_API_SECRET",
    "DJANGO_DATABASE_URL",
    "DJANGO_REDIS_URL",
  ];
  for (const key of names) {
    it(`${secrets}: knows ${key} by its name alone`, async () => {
      assert.deepStrictEqual(await runPolicy(secrets, withBackendEnv(key, "plain-value")), [
        violation(secrets, plainFix(key), api),
      ]);
    });
  }

  const publicFix = (key: string) =>
    `${key} carries a credential, and Next.js inlines every NEXT_PUBLIC_ variable into the JavaScript it ` +
    `sends to browsers, sensitive or not; remove webapp:frontend.env.${key} and keep it on the backend with ` +
    `\`pulumi config set --secret --path webapp:backend.secretEnv.${key.slice("NEXT_PUBLIC_".length)} <value>\`.`;
  const publicCases: [string, string][] = [
    ["NEXT_PUBLIC_DATABASE_URL", "postgres-url-here"],
    ["NEXT_PUBLIC_STRIPE_SECRET", "plain"],
    ["NEXT_PUBLIC_NEXTAUTH_SECRET", "plain"],
    ["NEXT_PUBLIC_CONFIG", STRIPE],
  ];
  for (const [key, value] of publicCases) {
    it(`${sensitive}: fails ${key} even when marked sensitive (browsers get it)`, async () => {
      const vs = await runPolicy(sensitive, withVercelEnvVar({ key, value, sensitive: true }));
      assert.deepStrictEqual(vs, [violation(sensitive, publicFix(key), web)]);
      assertNoSecrets(vs, CLEAR);
    });
  }

  it(`${sensitive}: passes the program's own public variables`, async () => {
    for (const key of ["NEXT_PUBLIC_API_URL", "NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET"]) {
      const vs = await runPolicy(sensitive, withVercelEnvVar({ key, value: "https://api.example.com" }));
      assert.deepStrictEqual(vs, [], key);
    }
  });

  it("debug-disabled: DJANGO_DEBUG is DEBUG by another name", async () => {
    const vs = await runPolicy("debug-disabled", withBackendEnv("DJANGO_DEBUG", "True"));
    assert.deepStrictEqual(vs, [
      violation(
        "debug-disabled",
        "DJANGO_DEBUG is set to a value that turns debug mode on; set it with " +
          "`pulumi config set --path webapp:backend.env.DJANGO_DEBUG False`.",
        api,
      ),
    ]);
    assert.deepStrictEqual(await runPolicy("debug-disabled", withBackendEnv("DJANGO_DEBUG", "false")), []);
  });

  describe("images-pinned-by-digest on docker-build pushes", () => {
    const name = "images-pinned-by-digest";
    const withImage = (inputs: Record<string, unknown>) =>
      mutate(withBackendEnv("DEBUG", "False"), "api-image", (i) => {
        delete i.tags;
        Object.assign(i, inputs);
      });
    const moving = (t: string) =>
      `The image is tagged '${t}'; tag it with the commit SHA (the program tags webapp:backend.build images <repository>:<stack>).`;
    const untagged =
      "The image is tagged without a tag (so latest); tag it with the commit SHA (the program tags webapp:backend.build images <repository>:<stack>).";
    const cases: [string, Record<string, unknown>, string[]][] = [
      ["a LATEST tag in any case", { tags: ["ghcr.io/acme/api:LATEST"] }, [moving("LATEST")]],
      [
        "a registry export named :latest (registry exports push by default)",
        { exports: [{ registry: { names: ["ghcr.io/acme/api:Latest"] } }] },
        [moving("Latest")],
      ],
      [
        "an image export that pushes an untagged name",
        { exports: [{ image: { names: ["ghcr.io/acme/api"], push: true } }] },
        [untagged],
      ],
      [
        "an image export that keeps the image local",
        { exports: [{ image: { names: ["ghcr.io/acme/api:latest"] } }] },
        [],
      ],
      [
        "a registry export with push: false",
        { exports: [{ registry: { names: ["ghcr.io/acme/api:latest"], push: false } }] },
        [],
      ],
      ["a disabled export", { exports: [{ disabled: true, registry: { names: ["ghcr.io/acme/api"] } }] }, []],
      [
        "a pinned tag on a registry export",
        { exports: [{ registry: { names: ["ghcr.io/acme/api:3f2a1bc"] } }] },
        [],
      ],
    ];
    for (const [label, inputs, messages] of cases) {
      it(`${messages.length ? "fails" : "passes"} ${label}`, async () => {
        assert.deepStrictEqual(
          await runPolicy(name, withImage(inputs)),
          messages.map((m) => violation(name, m, image)),
        );
      });
    }
  });

  it("the plan and the PR comment never print a credential-looking plain value", async function () {
    this.timeout(30_000);
    const config = structuredClone(stackConfig("dev"));
    const backend = config["webapp:backend"] as Record<string, unknown>;
    backend.env = {
      ...((backend.env as Record<string, string>) ?? {}),
      PAYMENTS: STRIPE,
      WEBHOOK: QUERY_URL,
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-shapes-"));
    fs.writeFileSync(path.join(dir, "Pulumi.shapes.yaml"), stringify({ config }));
    const { report } = await planStack("shapes", { configDir: dir });
    assert.deepStrictEqual(
      report.violations.filter((v) => v.policyName === secrets).map((v) => v.message.split("\n")[1]),
      [plainFix("PAYMENTS"), plainFix("WEBHOOK")].map((m) =>
        m.replace("'api'", "'webapp-shapes-backend-web'"),
      ),
    );
    const comment = await formatPrComment({
      headCommit: "head",
      stacks: [{ stack: "shapes", exitCode: 1, report, errors: "" }],
    });
    for (const printed of [JSON.stringify(report), formatMarkdown(report), comment]) {
      for (const clear of [STRIPE, QUERY_PASSWORD]) assert.ok(!printed.includes(clear), clear.slice(0, 4));
    }
    assert.ok(formatMarkdown(report).includes("| `PAYMENTS` | `[secret]` |"));
  });
});
