import * as assert from "assert";
import { CLOUDINARY_UPLOAD_PRESET, RENDER_WEB_SERVICE, VERCEL_PROJECT } from "../../policies/lib/tokens";
import { PlannedStack } from "../../tools/plan/types";
import { PAID_CONFIG, freeStack, paidStack, withBackendEnv } from "./fixtures";
import { UNKNOWN, mutate, previewAdvisory, runPolicy, urnOf, violation, withConfig } from "./harness";

const api = urnOf(RENDER_WEB_SERVICE, "api");

describe("render-free-tier-smtp", () => {
  const name = "render-free-tier-smtp";
  const message = (port: number) =>
    `EMAIL_PORT is ${port}, an SMTP port Render's free instances cannot reach (blocked since 2025-09-26); send ` +
    "email through an HTTPS email API, or use another port with " +
    "`pulumi config set --path webapp:backend.env.EMAIL_PORT <port>`.";

  it("passes a free service without EMAIL_PORT and one on an unblocked port", async () => {
    assert.deepStrictEqual(await runPolicy(name, freeStack()), []);
    assert.deepStrictEqual(await runPolicy(name, withBackendEnv("EMAIL_PORT", "2525")), []);
  });

  const cases: [string, number][] = [
    ["25", 25],
    ["465", 465],
    ["587", 587],
    [" 587\n", 587],
    ["0587", 587],
  ];
  for (const [value, port] of cases) {
    it(`fails EMAIL_PORT=${JSON.stringify(value)} on a free web service`, async () => {
      assert.deepStrictEqual(await runPolicy(name, withBackendEnv("EMAIL_PORT", value)), [
        violation(name, message(port), api),
      ]);
    });
  }

  it("does not apply to a paid plan, where Render opens these ports", async () => {
    const stack = mutate(withBackendEnv("EMAIL_PORT", "587"), "api", (i) => (i.plan = "starter"));
    assert.deepStrictEqual(await runPolicy(name, stack), []);
  });

  it("checks the configured keys", async () => {
    const stack = withBackendEnv("SMTP_PORT", "25");
    assert.deepStrictEqual(await runPolicy(name, stack), []);
    assert.deepStrictEqual(await runPolicy(name, stack, { keys: ["SMTP_PORT"] }), [
      violation(name, message(25).replace(/EMAIL_PORT/g, "SMTP_PORT"), api),
    ]);
  });

  it("is advisory while the port is unknown", async () => {
    assert.deepStrictEqual(await runPolicy(name, withBackendEnv("EMAIL_PORT", UNKNOWN)), [
      previewAdvisory(name, "envVars.EMAIL_PORT", api),
    ]);
  });
});

describe("cloudinary-unsigned-presets", () => {
  const name = "cloudinary-unsigned-presets";
  const preset = urnOf(CLOUDINARY_UPLOAD_PRESET, "uploads");
  const signedHint = (index: number, listed: boolean) =>
    "Sign uploads on the backend with " +
    (listed ? "" : "`pulumi config set --path 'webapp:media.presets[0].name' webapp-dev-uploads` then ") +
    `\`pulumi config set --path 'webapp:media.presets[${index}].unsigned' false\`, or keep it public on purpose.`;

  const unsigned = (stack: PlannedStack) => mutate(stack, "uploads", (i) => (i.unsigned = true));

  it("passes a signed preset", async () => {
    assert.deepStrictEqual(await runPolicy(name, freeStack()), []);
  });

  it("notes an unsigned preset as a public write endpoint, on any tier", async () => {
    const expected = [
      violation(
        name,
        "Upload preset 'webapp-dev-uploads' is unsigned: anyone with the cloud name and the preset name can " +
          `upload files of up to 10 MB. ${signedHint(0, false)}`,
        preset,
      ),
    ];
    assert.deepStrictEqual(await runPolicy(name, unsigned(freeStack())), expected);
    assert.deepStrictEqual(await runPolicy(name, unsigned(paidStack())), expected);
  });

  it("names the preset's index in the stack config and the plan's limit when the preset sets none", async () => {
    const stack = withConfig(
      mutate(unsigned(freeStack()), "uploads", (i) => delete i.maxFileSizeBytes),
      { "webapp:media": JSON.stringify({ presets: [{ name: "avatars" }, { name: "webapp-dev-uploads" }] }) },
    );
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "Upload preset 'webapp-dev-uploads' is unsigned: anyone with the cloud name and the preset name can " +
          `upload files up to the plan's size limit. ${signedHint(1, true)}`,
        preset,
      ),
    ]);
  });

  it("stays silent for presets allowed on purpose", async () => {
    assert.deepStrictEqual(
      await runPolicy(name, unsigned(freeStack()), { allowedPresets: ["webapp-dev-uploads"] }),
      [],
    );
  });

  it("is advisory while unsigned is unknown", async () => {
    const stack = mutate(freeStack(), "uploads", (i) => (i.unsigned = UNKNOWN));
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "unsigned", preset)]);
  });
});

describe("vercel-hobby-terms", () => {
  const name = "vercel-hobby-terms";
  const web = urnOf(VERCEL_PROJECT, "web");
  const withRepo = (repo: string) =>
    mutate(freeStack(), "web", (i) => {
      i.gitRepository = { type: "github", repo, productionBranch: "main" };
    });

  it("notes Hobby's terms on a free stack that builds from GitHub", async () => {
    assert.deepStrictEqual(await runPolicy(name, withRepo("acme/webapp-web")), [
      violation(
        name,
        "Vercel Hobby builds 'acme/webapp-web' only if its owner is a personal GitHub account (not an " +
          "organization), the Vercel GitHub App is installed on it and the app is non-commercial; otherwise move " +
          "the stack to the paid tier (`pulumi config set webapp:tier paid`) or build from a personal repository " +
          "(`pulumi config set --path webapp:frontend.repository <user>/<repo>`).",
        web,
      ),
    ]);
  });

  it("does not apply to paid stacks or projects that build from no GitHub repository", async () => {
    assert.deepStrictEqual(await runPolicy(name, withConfig(withRepo("acme/web"), PAID_CONFIG)), []);
    assert.deepStrictEqual(await runPolicy(name, freeStack()), []);
    const gitlab = mutate(
      freeStack(),
      "web",
      (i) => (i.gitRepository = { type: "gitlab", repo: "acme/web" }),
    );
    assert.deepStrictEqual(await runPolicy(name, gitlab), []);
  });

  it("is advisory while the repository is unknown", async () => {
    assert.deepStrictEqual(await runPolicy(name, withRepo(UNKNOWN)), [
      previewAdvisory(name, "gitRepository.repo", web),
    ]);
  });
});
