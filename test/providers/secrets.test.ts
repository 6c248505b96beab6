/**
 * Issue 15, item 10: no secret in any message, including values the providers receive (a role password
 * Neon reveals) and values they send however short (env values): APIs echo requests in their errors, and a
 * cut answer quoted for diagnosis would carry whatever it held.
 */
import * as assert from "node:assert/strict";
import { projectProvider, roleProvider } from "../../providers/neon";
import { envVarProvider } from "../../providers/render/env-var";
import { webServiceProvider } from "../../providers/render/web-service";
import { PROJECT, useFakeNeon } from "./neon/helpers";
import { useFakeRender } from "./render/harness";

const messageOf = (e: unknown) => `${(e as Error).message} ${String((e as Error).stack)}`;

describe("no secret in any message", () => {
  describe("Neon: a revealed role password", () => {
    const h = useFakeNeon();

    it("a cut reveal_password answer is reported without the password it held", async () => {
      const project = await projectProvider.create(PROJECT);
      const branchId = (project.outs as { defaultBranchId: string }).defaultBranchId;
      const role = await roleProvider.create({ projectId: project.id, branchId, name: "app" });
      // The password was reset by hand; the answer revealing the new one is cut after 40 bytes.
      const password = "npg_R3setByHandXq9Lw";
      h.fake.fail({
        method: "GET",
        path: /\/reveal_password$/,
        times: 10,
        fault: {
          kind: "answer",
          status: 200,
          body: `{"password": "${password}`,
          contentType: "application/json",
        },
      });
      const err = await roleProvider.read!(role.id, role.outs!).catch((e: unknown) => e);
      assert.ok(err instanceof Error, "the read fails");
      assert.match(err.message, /^neon:Role "app": reveal password failed: 200 response is not valid JSON/);
      assert.ok(!messageOf(err).includes(password.slice(0, 6)), messageOf(err));
    });
  });

  describe("Render: short env values echoed by the API", () => {
    const h = useFakeRender({}, { timeoutMs: 200 });

    it("render:EnvVar: a 3-character value echoed in a 400 is redacted", async () => {
      const serviceId = h.api.seedService({ name: "webapp-dev-api" }).id as string;
      h.api.inject({ kind: "status", status: 400, method: "PUT", message: 'invalid value "x9Q" for PIN' });
      const err = await envVarProvider
        .create({ serviceId, key: "PIN", value: "x9Q" })
        .catch((e: unknown) => e);
      assert.ok(err instanceof Error);
      assert.equal(
        err.message,
        'render:EnvVar "PIN": set failed: 400 Bad Request: "invalid value \\"[redacted]\\" for PIN"',
      );
      assert.ok(!messageOf(err).includes("x9Q"));
    });

    it("render:WebService: a 5-character env value echoed in a 400 on create is redacted", async () => {
      h.api.inject({
        kind: "status",
        status: 400,
        method: "POST",
        path: "/services",
        message: "bad env value k3y_z",
      });
      const err = await webServiceProvider
        .create({
          name: "webapp-dev-api",
          image: "nginx",
          plan: "starter",
          region: "oregon",
          envVars: { API_PIN: "k3y_z" },
        })
        .catch((e: unknown) => e);
      assert.ok(err instanceof Error);
      assert.match(err.message, /create failed: 400 Bad Request: "bad env value \[redacted\]"/);
      assert.ok(!messageOf(err).includes("k3y_z"));
    });
  });
});
