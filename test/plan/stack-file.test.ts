import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackFile } from "../../tools/plan/stack-file";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

const ROOT = path.join(__dirname, "..", "..");

/** A fresh config directory holding `files` (name -> YAML text). */
function configDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-stackfile-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Pulumi.dev.yaml's own text with `extra` appended under `config:`. */
const devWith = (extra: string) => fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8") + extra;

/**
 * The project's Pulumi.yaml without its one required key (webapp:tier), so a stack file that tests only
 * how YAML is read need not set it: the CLI's required-key rule has tests of its own (project-config.test.ts).
 */
const projectWithoutRequired = fs
  .readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")
  .replace(/^ {2}webapp:tier:\n(?: {4}.*\n)+/m, "");

const read = (text: string, stack = "s") =>
  readStackFile(
    ROOT,
    stack,
    configDir({ [`Pulumi.${stack}.yaml`]: text, "Pulumi.yaml": projectWithoutRequired }),
  );

describe("offline plan: stack files as the Pulumi CLI writes them", function () {
  this.timeout(60_000);

  describe("secure: values", () => {
    // What README.md's Deploy step leaves in Pulumi.dev.yaml: every credential `pulumi config set --secret`.
    const deployed = devWith(
      [
        "  render:apiKey:",
        "    secure: v1:3b2nYcS8rkdbT+1Y:uA0e1B1P6IvxTzy1+mOSdjS3o0PxBrtZQTQ=",
        "  cloudinary:url:",
        "    secure: v1:hxl1KVbyr3SBUK/9:2VmeSOXFsJ2ay7zxd30nkUYyzVrCdeeVVVNFLY8aUxbzzUYS8yMpmvOH+T2A1qyVLrkT",
        "  upstash:email: ops@example.com",
        "  upstash:apiKey:",
        "    secure: v1:g3cSSkGh0bLZT0Vr:KAkbNbb0Vx1Wc4B3k6ZJ3Wq3",
        "  vercel:apiToken:",
        "    secure: v1:ia5n0ChaC1jmMxFp:QeEdYd0xHdVJm2Wz3Dnb3A==",
        "",
      ].join("\n"),
    );

    it("README's deploy step: every credential encrypted, the plan passes", async () => {
      const run = await runPlan([
        "--stack",
        "dev",
        "--config-dir",
        configDir({ "Pulumi.dev.yaml": deployed }),
      ]);
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0);
      assert.ok(!run.stdout.includes("v1:"), "ciphertext in the plan");
    });

    it("a top-level secure value becomes a placeholder of its key's shape, and a secret", () => {
      const file = read(deployed);
      assert.equal(file.config["cloudinary:url"], "cloudinary://plan-api-key:plan-api-secret@plan-cloud");
      assert.equal(file.config["render:apiKey"], "plan-placeholder-secret");
      assert.equal(file.config["upstash:email"], "ops@example.com");
      assert.deepEqual(file.secretKeys, [
        "render:apiKey",
        "cloudinary:url",
        "upstash:apiKey",
        "vercel:apiToken",
      ]);
    });

    // `pulumi config set --path --secret webapp:backend.adminEmail ...` encrypts the leaf only.
    const nested = devWith(
      ["  webapp:cache:", "    eviction: false", "    token:", "      secure: v1:AAAA", ""].join("\n"),
    ).replace(
      "    healthCheckPath: /healthz\n",
      "    healthCheckPath: /healthz\n    adminEmail:\n      secure: v1:BBBB\n",
    );

    it("a nested secure value becomes a placeholder at its path, and the whole key a secret", () => {
      const file = read(nested);
      assert.equal(
        file.config["webapp:backend"],
        JSON.stringify({
          image:
            "ghcr.io/acme/webapp-api@sha256:4c3f1b2a9d8e7f60123456789abcdef0123456789abcdef0123456789abcdef0",
          healthCheckPath: "/healthz",
          adminEmail: "plan-placeholder@example.com",
          wsgiModule: "core.wsgi",
        }),
      );
      assert.equal(file.config["webapp:cache"], '{"eviction":false,"token":"plan-placeholder-secret"}');
      assert.deepEqual(file.secretKeys, ["webapp:backend", "webapp:cache"]);
    });

    it("a stack with a nested secure value plans with exit 0", async () => {
      const stack = nested.replace(/ {2}webapp:cache:\n.*\n.*\n.*\n/, "");
      const run = await runPlan(["--stack", "dev", "--config-dir", configDir({ "Pulumi.dev.yaml": stack })]);
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0);
    });

    it("a mapping with more than the one key secure is a plain object, as the CLI reads it", () => {
      const file = read("config:\n  webapp:thing:\n    secure: v1:AAAA\n    other: 1\n");
      assert.equal(file.config["webapp:thing"], '{"secure":"v1:AAAA","other":1}');
      assert.deepEqual(file.secretKeys, []);
    });
  });

  describe("YAML as go-yaml v2 reads it", () => {
    it("keeps a top-level scalar's text and reads nested scalars as YAML 1.1", () => {
      const file = read(
        [
          "config:",
          "  webapp:a: 0.50",
          "  webapp:b: yes",
          "  webapp:c: 'quoted'",
          "  webapp:d:",
          "  webapp:e:",
          "    on: yes",
          "    n: 0.50",
          "    when: 2001-12-14",
          "    list: [off, '1', 1]",
          "",
        ].join("\n"),
      );
      assert.deepEqual(file.config, {
        "webapp:region": "us-east",
        "webapp:monthlyBudget": "0",
        "webapp:a": "0.50",
        "webapp:b": "yes",
        "webapp:c": "quoted",
        "webapp:d": "",
        "webapp:e": '{"true":true,"false":0.5,"when":"2001-12-14","list":[false,"1",1]}',
      });
    });

    it("applies merge keys where they stand: later keys win, and in a list the earlier mapping", () => {
      const file = read(
        [
          "config:",
          "  webapp:base: &base { minCu: 0.25, maxCu: 1, suspendTimeoutSeconds: 300 }",
          "  webapp:more: &more { maxCu: 8, historyRetentionSeconds: 60 }",
          "  webapp:after:",
          "    <<: *base",
          "    maxCu: 2",
          "  webapp:before:",
          "    maxCu: 2",
          "    <<: *base",
          "  webapp:list:",
          "    <<: [*base, *more]",
          "  webapp:quoted:",
          '    "<<": *base',
          "",
        ].join("\n"),
      );
      assert.deepEqual(JSON.parse(file.config["webapp:after"]), {
        minCu: 0.25,
        maxCu: 2,
        suspendTimeoutSeconds: 300,
      });
      assert.deepEqual(JSON.parse(file.config["webapp:before"]), {
        maxCu: 1,
        minCu: 0.25,
        suspendTimeoutSeconds: 300,
      });
      assert.deepEqual(JSON.parse(file.config["webapp:list"]), {
        maxCu: 1,
        historyRetentionSeconds: 60,
        minCu: 0.25,
        suspendTimeoutSeconds: 300,
      });
      assert.deepEqual(JSON.parse(file.config["webapp:quoted"]), {
        "<<": { minCu: 0.25, maxCu: 1, suspendTimeoutSeconds: 300 },
      });
    });

    it("a stack that shares settings through anchors and merge keys plans with exit 0", async () => {
      const text = [
        "config:",
        "  webapp:tier: free",
        "  webapp:frontend: &frontend",
        "    repository: acme/webapp-web",
        "    rootDirectory: web",
        "  webapp:backend:",
        "    <<: { healthCheckPath: /ready, image: 'ghcr.io/acme/api:old' }",
        `    image: ghcr.io/acme/webapp-api@sha256:${"c".repeat(64)}`,
        "  webapp:database:",
        "    <<: &db { minCu: 0.25, maxCu: 1 }",
        "",
      ].join("\n");
      const run = await runPlan(["--stack", "dev", "--config-dir", configDir({ "Pulumi.dev.yaml": text })]);
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0);
      assert.match(run.stdout, /healthCheckPath: \/ready/);
      assert.match(run.stdout, /autoscalingMaxCu: 1\n/);
    });

    it("refuses a file that expands aliases without end", () => {
      const lines = ["config:", "  webapp:a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < 8; i++)
        lines.push(
          `  webapp:a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(", ")}]`,
        );
      assert.throws(() => read(lines.join("\n") + "\n"), {
        message: "Pulumi.s.yaml expands more than 10000 aliases; write the values out",
      });
    });

    it("names the first YAML error", () => {
      assert.throws(
        () => read("config:\n  webapp:tier: [free\n"),
        /^Error: Pulumi\.s\.yaml is not valid YAML: /,
      );
    });
  });

  describe("what else a stack file holds", () => {
    it("reports ESC environment imports in one line and plans the rest", async () => {
      const text = `environment:\n  - acme/shared\n  - acme/dev\n${fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")}`;
      const run = await runPlan(["--stack", "dev", "--config-dir", configDir({ "Pulumi.dev.yaml": text })]);
      assert.equal(
        run.stderr,
        "note: Pulumi.dev.yaml imports Pulumi ESC environment acme/shared, acme/dev; the offline plan cannot open it, so config it sets is missing here\n",
      );
      assert.equal(run.code, 0);
    });

    it("reads both forms of environment:", () => {
      assert.deepEqual(read("environment:\n  imports:\n    - a\n    - b: { merge: false }\n").environments, [
        "a",
        "b",
      ]);
      assert.deepEqual(read("environment:\n  values:\n    x: 1\n").environments, ["(inline values)"]);
    });

    it("plans a stack whose name has dots; service names take - for .", async () => {
      const dir = writeStack("my.stack", stackConfig("dev"));
      const run = await runPlan(["--stack", "my.stack", "--config-dir", dir]);
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Plan of stack "my\.stack" \(project webapp\)/);
      assert.match(run.stdout, /name: webapp-my-stack\n/);
    });

    it("takes org/project/stack and org/stack as the CLI does", async () => {
      const dir = writeStack("dev", stackConfig("dev"));
      assert.equal((await runPlan(["--stack", "acme/webapp/dev", "--config-dir", dir])).code, 0);
      assert.equal(readStackFile(ROOT, "acme/dev", dir).stack, "dev");
      const other = await runPlan(["--stack", "acme/shop/dev", "--config-dir", dir]);
      assert.equal(
        other.stderr,
        "error: --stack acme/shop/dev names project shop, but this is project webapp. Fix: npm run plan -- --stack acme/webapp/dev\n",
      );
    });
  });
});
