import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { BackendService } from "../../components/render/backend-service";
import { planStack } from "../../tools/plan/cli";
import { ServiceMocks } from "../../tools/plan/mocks";
import { formatText } from "../../tools/plan/format-text";
import { stackConfig, writeStack } from "../helpers/run-plan";

const ADOPTED = "srv-ct6vn35j0q5s700ckga0";

/** The plan's mocks, with a web service that answers with variables found on it. */
class FoundOnService extends ServiceMocks {
  constructor(private readonly found: string[]) {
    super();
  }
  newResource(args: pulumi.runtime.MockResourceArgs) {
    const made = super.newResource(args);
    return args.type === "pulumi-nodejs:dynamic/render:WebService"
      ? { ...made, state: { ...made.state, unmanagedEnvVarKeys: this.found } }
      : made;
  }
}

describe("stack output backendUnmanagedEnvVars: variables set by hand on the Render web service", function () {
  this.timeout(60_000);

  it("is [] for a service the stack creates, a plain list, in every format", async () => {
    const { planned, report } = await planStack("dev");
    assert.deepEqual(planned.outputs.backendUnmanagedEnvVars, []);
    assert.deepEqual(report.outputs.backendUnmanagedEnvVars, []);
    assert.ok(!planned.secretOutputs.includes("backendUnmanagedEnvVars"));
    assert.ok(!planned.unknownOutputs!.includes("backendUnmanagedEnvVars"));
    assert.ok(formatText(report).split("\n").includes("  backendUnmanagedEnvVars: []"));
  });

  it("is known only after deploy for an adopted service", async () => {
    const dir = writeStack("adopted", {
      ...stackConfig("dev"),
      "webapp:adopt": { backendService: ADOPTED },
    });
    const { planned, report } = await planStack("adopted", { configDir: dir });
    const web = planned.resources.find((r) => r.type === "pulumi-nodejs:dynamic/render:WebService")!;
    assert.equal(web.inputs.adoptId, ADOPTED);
    assert.ok(planned.unknownOutputs!.includes("backendUnmanagedEnvVars"));
    assert.equal(report.outputs.backendUnmanagedEnvVars, "(known after deploy)");
  });

  // The host variables are in the service's own env (docs/app-contract.md), so the provider finds only what
  // the program does not set: without a custom domain that includes an ALLOWED_HOSTS set by hand.
  it("lists what the service holds beyond the program's keys, as the provider finds them", async () => {
    await pulumi.runtime.setMocks(
      new FoundOnService(["ALLOWED_HOSTS", "EMAIL_HOST_PASSWORD", "SENTRY_DSN"]),
      "webapp",
      "test",
      false,
    );
    const backend = new BackendService("api", {
      serviceName: "webapp-test-api",
      image: `ghcr.io/acme/api@sha256:${"ab".repeat(32)}`,
      plan: "free",
      region: "frankfurt",
      healthCheckPath: "/healthz",
      startCommand: "gunicorn app.wsgi",
      migrateCommand: "python manage.py migrate",
      frontendUrl: "https://web.example.com",
      environment: { DEBUG: "False" },
      adopt: { webService: ADOPTED },
    });
    const keys = await new Promise<string[]>((resolve) => backend.unmanagedEnvVarKeys.apply(resolve));
    assert.deepEqual(keys, ["ALLOWED_HOSTS", "EMAIL_HOST_PASSWORD", "SENTRY_DSN"]);
  });
});
