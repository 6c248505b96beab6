import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listStacks, readStackFile, StackFileError } from "../../tools/plan/stack-file";
import { runPlan } from "../helpers/run-plan";

const ROOT = path.join(__dirname, "..", "..");

/** A config directory with its own Pulumi.yaml (`--config-dir` reads it) and one stack file. */
function project(pulumiYaml: string, stackYaml: string, stack = "s"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-project-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: webapp\nruntime: nodejs\n${pulumiYaml}`);
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackYaml);
  return dir;
}

function refusal(pulumiYaml: string, stackYaml: string): string[] {
  try {
    readStackFile(ROOT, "s", project(pulumiYaml, stackYaml));
  } catch (err) {
    assert.ok(err instanceof StackFileError, String(err));
    return err.message.split("\n");
  }
  return [];
}

// The CLI's rules as pulumi/pulumi states them: pkg/workspace/config.go `mergeConfig` and
// `validateStackConfigValue`, sdk/go/common/workspace/project.go `Project.Validate` / `ValidateConfigValue`.
const CASES: Array<{ name: string; project: string; stack: string; errors: RegExp[] }> = [
  {
    name: "a typed key of the project's namespace without a default is required",
    project: "config:\n  webapp:ghcrUsername:\n    type: string\n",
    stack: "config:\n  webapp:tier: free\n",
    errors: [
      /^Stack 's' is missing configuration value 'webapp:ghcrUsername'.* Fix: pulumi config set webapp:ghcrUsername/,
    ],
  },
  {
    name: "an untyped key without a default is required too (mergeConfig does not look at the type)",
    project: "config:\n  region:\n    description: where\n",
    stack: "config: {}\n",
    errors: [/^Stack 's' is missing configuration value 'webapp:region'/],
  },
  {
    name: "a key of another namespace is never required",
    project: "config:\n  aws:region:\n    value: us-east-1\n",
    stack: "config: {}\n",
    errors: [],
  },
  {
    name: "a secret key given in plain text, never echoed",
    project: "config:\n  webapp:token:\n    type: string\n    secret: true\n",
    stack: "config:\n  webapp:token: ghp_plaintextvalue\n",
    errors: [
      /^Stack 's' with configuration key 'webapp:token' must be encrypted as it's secret.*Fix: pulumi config set --secret webapp:token "\$\(pulumi config get webapp:token --stack s\)" --stack s$/,
    ],
  },
  {
    name: "a secret key given encrypted passes",
    project: "config:\n  webapp:token:\n    type: string\n    secret: true\n",
    stack: "config:\n  webapp:token:\n    secure: v1:abc\n",
    errors: [],
  },
  {
    name: "an integer key holding a word",
    project: "config:\n  webapp:budget:\n    type: integer\n    default: 0\n",
    stack: "config:\n  webapp:budget: lots\n",
    errors: [
      /^Stack 's' with configuration key 'webapp:budget' must be of type 'integer'.*Fix: pulumi config rm webapp:budget --stack s$/,
    ],
  },
  {
    name: "an integer key holding a decimal",
    project: "config:\n  webapp:budget:\n    type: integer\n    default: 0\n",
    stack: "config:\n  webapp:budget: 2.5\n",
    errors: [/must be of type 'integer'/],
  },
  {
    name: "a boolean key holding yes (a string at the top level)",
    project: "config:\n  webapp:flag:\n    type: boolean\n    default: false\n",
    stack: "config:\n  webapp:flag: yes\n",
    errors: [/must be of type 'boolean'/],
  },
  {
    name: "a string key holding an object",
    project: "config:\n  webapp:name:\n    type: string\n    default: x\n",
    stack: "config:\n  webapp:name:\n    a: 1\n",
    errors: [/must be of type 'string'.*it is an object/],
  },
  {
    name: "an array of integers holding a word",
    project: "config:\n  webapp:ports:\n    type: array\n    items:\n      type: integer\n    default: []\n",
    stack: "config:\n  webapp:ports: [80, http]\n",
    errors: [/must be of type 'array<integer>'/],
  },
  {
    name: "an array without items",
    project: "config:\n  webapp:ports:\n    type: array\n    default: []\n",
    stack: "config: {}\n",
    errors: [/declares an array but does not specify the underlying type/],
  },
  {
    name: "a default of the wrong type",
    project: "config:\n  webapp:budget:\n    type: integer\n    default: many\n",
    stack: "config: {}\n",
    errors: [
      /^The default value specified for configuration key 'webapp:budget' is not of the expected type 'integer'/,
    ],
  },
  {
    name: "a type the CLI does not know",
    project: "config:\n  webapp:budget:\n    type: number\n    default: 1\n",
    stack: "config: {}\n",
    errors: [/has type "number"; allowed: string, integer, boolean, array, object/],
  },
  {
    name: "another namespace's key with a type",
    project: "config:\n  aws:region:\n    type: string\n    value: us-east-1\n",
    stack: "config: {}\n",
    errors: [/^Configuration key 'aws:region' is not namespaced by the project and should not define a type/],
  },
  {
    name: "another namespace's key with a default",
    project: "config:\n  aws:region:\n    default: us-east-1\n",
    stack: "config: {}\n",
    errors: [/should not define a default value/],
  },
  {
    name: "both default and value",
    project: "config:\n  webapp:tier:\n    default: free\n    value: paid\n",
    stack: "config: {}\n",
    errors: [/cannot have both a 'default' and 'value' attribute/],
  },
  {
    name: "a secret key with a plain default",
    project: "config:\n  webapp:token:\n    type: string\n    secret: true\n    default: none\n",
    stack: "config: {}\n",
    errors: [/must be encrypted as it's secret, but Pulumi.yaml gives it a plain default/],
  },
  {
    name: "every problem in one run",
    project:
      "config:\n  webapp:a:\n    type: string\n  webapp:b:\n    type: integer\n    default: 1\n  webapp:c:\n    type: string\n    secret: true\n",
    stack: "config:\n  webapp:b: x\n  webapp:c: plain\n",
    errors: [
      /missing configuration value 'webapp:a'/,
      /'webapp:b' must be of type 'integer'/,
      /'webapp:c' must be encrypted/,
    ],
  },
];

describe("offline plan: Pulumi.yaml's config rules, as the Pulumi CLI applies them", () => {
  it("every stack of the repository passes them (else no preview, up, refresh or destroy starts)", () => {
    const stacks = listStacks(ROOT);
    assert.deepEqual(stacks, ["dev", "prod"]);
    for (const stack of stacks) assert.doesNotThrow(() => readStackFile(ROOT, stack), stack);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const lines = refusal(c.project, c.stack);
      assert.equal(lines.length, c.errors.length, lines.join("\n"));
      c.errors.forEach((re, i) => assert.match(lines[i], re));
      for (const line of lines) {
        assert.ok(!line.includes("ghp_plaintextvalue") && !line.includes("plan-placeholder"), line);
        if (lines.length > 0) assert.match(line, / Fix: /);
      }
    });
  }

  it("the plan exits 2 with one error line per problem, and reads --config-dir's own Pulumi.yaml", async () => {
    const dir = project(CASES[CASES.length - 1].project, CASES[CASES.length - 1].stack);
    const run = await runPlan(["--stack", "s", "--config-dir", dir]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 3, run.stderr);
    for (const line of lines) assert.match(line, /^error: /);
  });
});
