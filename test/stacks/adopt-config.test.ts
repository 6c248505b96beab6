/**
 * Issue 15 item 5 (config side) and item 3: the keys that adopt a hand-made deployment, each mistake one line
 * with a fix that runs as printed, and each fix followed to a valid config.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "../../stacks";
import { ServiceMocks } from "../../tools/plan/mocks";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";
import { applyFix, fixOf } from "./apply-fix";

type Config = Record<string, unknown>;

const PROJECT = "prj_Q1w2E3r4T5y6U7i8O9p0";
const SECRET = { secure: "v1:ZW5jcnlwdGVk" };

const section = (c: Config, key: string) => (c[`webapp:${key}`] ??= {}) as Config;
/** Adopts the Vercel project under its own name, so only the key under test is wrong. */
const adoptProject = (c: Config, adopt: Config) => {
  c["webapp:adopt"] = { vercelProject: PROJECT, ...adopt };
  section(c, "frontend").projectName = "modestwear-web";
};

interface Case {
  name: string;
  base: "dev" | "prod";
  mutate: (c: Config) => void;
  error: string;
}

const CASES: Case[] = [
  {
    name: "an imported Upstash database without its name",
    base: "prod",
    mutate: (c) => (c["webapp:adopt"] = { upstashDatabase: "0f9e8d7c-6b5a-4321-8fed-cba987654321" }),
    error:
      "webapp:cache.databaseName is missing; webapp:adopt.upstashDatabase imports a database by id, and a name other than its own would replace it and lose its data: give the name the Upstash console shows. Fix: pulumi config set --path webapp:cache.databaseName '<database name>' --stack bad",
  },
  {
    name: "an imported Vercel project without its name",
    base: "dev",
    mutate: (c) => (c["webapp:adopt"] = { vercelProject: PROJECT }),
    error:
      "webapp:frontend.projectName is missing; webapp:adopt.vercelProject imports a project by id, and a name other than its own would rename it: give the name its Vercel settings show. Fix: pulumi config set --path webapp:frontend.projectName '<project name>' --stack bad",
  },
  {
    name: "Vercel variables to import without their project",
    base: "dev",
    mutate: (c) => (c["webapp:adopt"] = { vercelEnvVars: { NEXT_PUBLIC_API_URL: "FdT2e1E5Of6Cihmt" } }),
    error:
      'webapp:adopt.vercelEnvVars is {"NEXT_PUBLIC_API_URL":"FdT2e1E5Of6Cihmt"}; it imports from the adopted Vercel project, and webapp:adopt.vercelProject is not set. Fix: pulumi config rm --path webapp:adopt.vercelEnvVars --stack bad',
  },
  {
    name: "a Vercel domain to import without its project",
    base: "prod",
    mutate: (c) => (c["webapp:adopt"] = { vercelDomain: "www.example.com" }),
    error:
      'webapp:adopt.vercelDomain is "www.example.com"; it imports from the adopted Vercel project, and webapp:adopt.vercelProject is not set. Fix: pulumi config rm --path webapp:adopt.vercelDomain --stack bad',
  },
  {
    name: "a variable the program does not set (it stays untouched on the project)",
    base: "dev",
    mutate: (c) => adoptProject(c, { vercelEnvVars: { NEXT_PUBLIC_GA_ID: "FdT2e1E5Of6Cihmt" } }),
    error:
      'webapp:adopt.vercelEnvVars.NEXT_PUBLIC_GA_ID is "FdT2e1E5Of6Cihmt"; the program sets no variable NEXT_PUBLIC_GA_ID on the site, and leaves the project\'s other variables as they are. Fix: pulumi config rm --path webapp:adopt.vercelEnvVars.NEXT_PUBLIC_GA_ID --stack bad',
  },
  {
    name: "a variable's whole import id where its own id belongs",
    base: "dev",
    mutate: (c) =>
      adoptProject(c, { vercelEnvVars: { NEXT_PUBLIC_API_URL: `team_acme/${PROJECT}/FdT2e1E5Of6Cihmt` } }),
    error: `webapp:adopt.vercelEnvVars.NEXT_PUBLIC_API_URL is "team_acme/${PROJECT}/FdT2e1E5Of6Cihmt"; must be the variable's own Vercel id such as FdT2e1E5Of6Cihmt, the last part of its import id. Fix: pulumi config set --path webapp:adopt.vercelEnvVars.NEXT_PUBLIC_API_URL FdT2e1E5Of6Cihmt --stack bad`,
  },
  {
    name: "an adopted domain other than the site's",
    base: "prod",
    mutate: (c) => adoptProject(c, { vercelDomain: "shop.example.com" }),
    error:
      'webapp:adopt.vercelDomain is "shop.example.com"; the adopted domain is the site\'s domain, but webapp:domains.frontend is "www.example.com". Fix: pulumi config rm --path webapp:domains.frontend --stack bad',
  },
  {
    name: "an adopted domain with a scheme",
    base: "dev",
    mutate: (c) => adoptProject(c, { vercelDomain: "https://shop.example.com" }),
    error:
      'webapp:adopt.vercelDomain is "https://shop.example.com"; must be a lowercase DNS hostname such as www.example.com (no scheme, no path). Fix: pulumi config set --path webapp:adopt.vercelDomain www.example.com --stack bad',
  },
  {
    name: "a SECRET_KEY in plain text",
    base: "prod",
    mutate: (c) => (section(c, "backend").secretKey = "k".repeat(30) + "abcdefghijklmnopqrstuvwxyz"),
    error:
      'webapp:backend.secretKey is set in plain text; it signs the app\'s sessions and must be a secret. Fix: pulumi config set --secret --path webapp:backend.secretKey "$(pulumi config get --path webapp:backend.secretKey --stack bad)" --stack bad',
  },
  {
    name: "a SECRET_KEY of the wrong type beside a secret (never echoed)",
    base: "dev",
    mutate: (c) => {
      section(c, "backend").secretKey = 12345;
      section(c, "backend").secretEnv = { EMAIL_HOST_PASSWORD: SECRET };
    },
    error:
      "webapp:backend.secretKey is a number (value hidden: the key holds a secret); expected a string. Fix: pulumi config set --secret --path webapp:backend.secretKey '<secret value>' --stack bad",
  },
  {
    name: "a database name Postgres does not take",
    base: "prod",
    mutate: (c) => (section(c, "database").databaseName = "my db"),
    error:
      'webapp:database.databaseName is "my db"; must be a Postgres name such as neondb (letters, digits, _ and -, at most 63 characters). Fix: pulumi config set --path webapp:database.databaseName neondb --stack bad',
  },
  {
    name: "a role name Postgres does not take",
    base: "dev",
    mutate: (c) => (section(c, "database").roleName = "9owner"),
    error:
      'webapp:database.roleName is "9owner"; must be a Postgres name such as neondb (letters, digits, _ and -, at most 63 characters). Fix: pulumi config set --path webapp:database.roleName neondb_owner --stack bad',
  },
  {
    name: "a Vercel project name with capitals",
    base: "dev",
    mutate: (c) => (section(c, "frontend").projectName = "Shop Web"),
    error:
      'webapp:frontend.projectName is "Shop Web"; must be a Vercel project name: lowercase letters, digits, . _ and -, at most 100 characters. Fix: pulumi config set --path webapp:frontend.projectName acme-shop --stack bad',
  },
];

describe("adopt config: mistakes", function () {
  this.timeout(60_000);

  for (const c of CASES) {
    it(`${c.name}: exits 2 with one line; following its fixes ends in a valid config`, async () => {
      const config = structuredClone(stackConfig(c.base));
      c.mutate(config);
      const first = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
      assert.equal(first.stderr, `error: ${c.error}\n`);
      assert.equal(first.code, 2);
      assert.equal(first.stdout, "");
      let run = first;
      for (let step = 0; step < 4 && run.code === 2; step++) {
        for (const line of run.stderr.trimEnd().split("\n")) applyFix(config, fixOf(line));
        run = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
      }
      assert.equal(run.code, 0, run.stdout.slice(-400) + run.stderr);
    });
  }

  it("reports every adopt mistake of one stack in one run", async () => {
    const config = structuredClone(stackConfig("prod"));
    config["webapp:adopt"] = {
      upstashDatabase: "0f9e8d7c-6b5a-4321-8fed-cba987654321",
      vercelProject: PROJECT,
      vercelEnvVars: { NEXT_PUBLIC_GA_ID: "FdT2e1E5Of6Cihmt" },
    };
    const run = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
    assert.deepEqual(
      run.stderr
        .trimEnd()
        .split("\n")
        .map((l) => /^error: (\S+)/.exec(l)?.[1]),
      [
        "webapp:cache.databaseName",
        "webapp:frontend.projectName",
        "webapp:adopt.vercelEnvVars.NEXT_PUBLIC_GA_ID",
      ],
    );
  });
});

describe("adopt config: SECRET_KEY strength (what Django's check --deploy calls weak, security.W009)", () => {
  /** Loads `prod` with `secretKey` set as a secret, as the CLI hands it to the program. */
  async function loadWith(secretKey: string) {
    await pulumi.runtime.setMocks(new ServiceMocks(), "webapp", "bad", false);
    const config = structuredClone(stackConfig("prod"));
    section(config, "backend").secretKey = secretKey;
    pulumi.runtime.setAllConfig(
      Object.fromEntries(
        Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
      ),
      ["webapp:backend"],
    );
    return loadStackConfig;
  }
  const WEAK =
    "webapp:backend.secretKey is too weak for Django's check --deploy (security.W009: at least 50 characters, 5 of them different, and no django-insecure- prefix); keep a strong one, or let the program generate one (sessions signed with the old key end). Fix: pulumi config rm --path webapp:backend.secretKey --stack bad";
  const strong = "Zx9!Qw8-Ep7_Rt6+".repeat(4);

  for (const [what, key] of [
    ["49 characters", strong.slice(0, 49)],
    ["4 different characters", "abcd".repeat(20)],
    ["a development key", `django-insecure-${strong}`],
  ] as const) {
    it(`refuses ${what}, without the value in the message`, async () => {
      const load = await loadWith(key);
      assert.throws(load, (err: Error) => {
        assert.equal(err.message, WEAK);
        return true;
      });
    });
  }

  it("keeps a strong one as a Pulumi secret", async () => {
    const load = await loadWith(strong);
    const secretKey = load().backend!.secretKey!;
    assert.equal(await pulumi.isSecret(secretKey), true);
  });
});
