import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { planStack } from "../../tools/plan/cli";
import { runPlan, stackConfig } from "../helpers/run-plan";
import { applyFix, fixOf } from "../stacks/apply-fix";

const WEB = "pulumi-nodejs:dynamic/render:WebService";

/** Pulumi.app.yaml: dev with one backend env value written exactly as `text` (no quotes). */
function stackWith(name: string, text: string, map: "env" | "secretEnv" = "env"): string {
  const config = structuredClone(stackConfig("dev"));
  (config["webapp:backend"] as Record<string, unknown>)[map] = { [name]: "__VALUE__" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-env-"));
  const yaml = stringify({ config }, { version: "1.1" }).replace("__VALUE__", text);
  fs.writeFileSync(path.join(dir, "Pulumi.app.yaml"), yaml);
  return dir;
}

async function envOf(dir: string): Promise<Record<string, string>> {
  const { planned } = await planStack("app", { configDir: dir });
  return planned.resources.find((r) => r.type === WEB)!.inputs.envVars as Record<string, string>;
}

// Values YAML would turn into something else (issue 15 item 15): refused with the way to keep the text.
const CHANGED: Array<[string, string, RegExp]> = [
  ["FILE_MODE", "0644", /is written 0644, which YAML reads as the number 420: the app would get "420"/],
  ["APP_VERSION", "1.10", /is written 1\.10, which YAML reads as the number 1\.1/],
  ["FEATURE_X", "NO", /is written NO, which YAML reads as the boolean false: the app would get "False"/],
  ["USE_CACHE", "yes", /is written yes, which YAML reads as the boolean true/],
  [
    "FACEBOOK_APP_ID",
    "1234567890123456789",
    /is written 1234567890123456789, which YAML reads as the number 1234567890123456800/,
  ],
  ["RATE", "1e3", /is written 1e3, which YAML reads as the number 1000/],
  ["OFFSET", "+5", /is written \+5, which YAML reads as the number 5/],
];

describe("offline plan: environment values arrive as written", function () {
  this.timeout(60_000);

  for (const [name, text, message] of CHANGED) {
    it(`${name}: ${text} is refused, and the printed fix hands over "${text}"`, async () => {
      const dir = stackWith(name, text);
      const run = await runPlan(["--stack", "app", "--config-dir", dir]);
      assert.equal(run.code, 2);
      const lines = run.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0], message);
      // The fix, run as printed, keeps the text.
      const file = path.join(dir, "Pulumi.app.yaml");
      const config = (
        parse(fs.readFileSync(file, "utf8"), { version: "1.1" }) as { config: Record<string, unknown> }
      ).config;
      applyFix(config, fixOf(lines[0].replace(/^error: /, "")));
      fs.writeFileSync(file, stringify({ config }, { version: "1.1" }));
      assert.equal((await envOf(dir))[name], text);
    });
  }

  for (const [text, handed] of [
    ["2525", "2525"],
    ["1.5", "1.5"],
    ["true", "True"],
    ["False", "False"],
  ]) {
    it(`${text} is kept (as "${handed}")`, async () => {
      assert.equal((await envOf(stackWith("X_VALUE", text)))["X_VALUE"], handed);
    });
  }

  it("a plain secretEnv value YAML changes is refused without echoing it", async () => {
    const run = await runPlan(["--stack", "app", "--config-dir", stackWith("PIN", "0777", "secretEnv")]);
    assert.equal(run.code, 2);
    assert.ok(!run.stderr.includes("0777") && !run.stderr.includes("511"), run.stderr);
    assert.match(
      run.stderr,
      /Fix: pulumi config set --secret --path webapp:backend\.secretEnv\.PIN '<secret value>'/,
    );
  });
});
