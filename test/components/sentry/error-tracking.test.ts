import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { PROGRAM_BACKEND_KEYS, PROGRAM_FRONTEND_KEYS } from "../../../contracts";
import { KEY_TYPE, PROJECT_TYPE, mockKeyOutputs } from "../../../components/sentry/catalog";
import { ErrorTracking } from "../../../components/sentry/error-tracking";
import { byName, runComponent, tree } from "../../helpers/mock-run";

const ARGS = {
  organization: "acme",
  team: "web",
  project: "webapp-dev-api",
  platform: "python-django",
  environment: "dev",
};

describe("ErrorTracking (Sentry)", function () {
  this.timeout(20_000);

  it("makes one project for the app part and stack, and one key named after the stack", async () => {
    let secret: boolean | undefined;
    const plan = await runComponent(() => {
      const t = new ErrorTracking("errors", ARGS);
      secret = undefined;
      void pulumi.isSecret(t.dsn).then((s) => (secret = s));
      return { slug: t.projectSlug };
    });
    assert.deepEqual(tree(plan), [
      ["webapp:ops:ErrorTracking", "errors", "webapp-test"],
      [PROJECT_TYPE, "errors-project", "errors"],
      [KEY_TYPE, "errors-key", "errors"],
    ]);
    const project = byName(plan, "errors-project").inputs;
    assert.deepEqual(
      [project.organization, project.teams, project.name, project.slug, project.platform],
      ["acme", ["web"], "webapp-dev-api", "webapp-dev-api", "python-django"],
    );
    const key = byName(plan, "errors-key").inputs;
    assert.deepEqual([key.organization, key.project, key.name], ["acme", "webapp-dev-api", "dev"]);
    assert.equal(secret, true);
  });

  it("names the environment keys the SDKs read, and mocks a DSN of the real shape", () => {
    assert.deepEqual(
      PROGRAM_BACKEND_KEYS.filter((k) => k.startsWith("SENTRY_")),
      ["SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_RELEASE"],
    );
    assert.deepEqual(
      PROGRAM_FRONTEND_KEYS.filter((k) => k.includes("SENTRY")),
      ["NEXT_PUBLIC_SENTRY_DSN"],
    );
    assert.match(
      mockKeyOutputs("errors-key", "abc123").dsnPublic,
      /^https:\/\/abc123[0]{26}@o0\.ingest\.sentry\.io\/\d+$/,
    );
  });
});
