import * as assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

const ROOT = path.join(__dirname, "..", "..");
const USAGE =
  "Usage: npm run plan -- --stack dev | --system examples/layers | --all [--format text|json|markdown|mermaid] [--json plan.json] [--compare old.json] [--config-dir dir] [--out-dir dir]";

describe("offline plan: what --stack may open", function () {
  this.timeout(60_000);

  const refused = async (args: string[], error: string) => {
    const run = await runPlan(args);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, `error: ${error}\n`);
    assert.equal(run.code, 2);
  };

  for (const stack of ["../Pulumi.dev", "/etc/passwd", "dev/../../x", "..", "a/b/c/dev"]) {
    it(`refuses --stack ${stack}: not a stack name`, () =>
      refused(
        ["--stack", stack],
        `--stack ${JSON.stringify(stack)} is not a stack name (letters, digits, -, _ and ., optionally as org/project/stack); known stacks: dev, prod. Fix: npm run plan -- --stack dev`,
      ));
  }

  it("refuses a stack file that links outside the config directory", async () => {
    const outside = writeStack("dev", stackConfig("dev"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-links-"));
    fs.symlinkSync(path.join(outside, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.evil.yaml"));
    await refused(
      ["--stack", "evil", "--config-dir", dir],
      `Pulumi.evil.yaml links outside the config directory (to ${fs.realpathSync(outside)}/Pulumi.dev.yaml); the plan reads stack files only from ${fs.realpathSync(dir)}. Fix: copy the file into ${fs.realpathSync(dir)}`,
    );
  });

  it("follows a link that stays inside the config directory", async () => {
    const dir = writeStack("dev", stackConfig("dev"));
    fs.symlinkSync("Pulumi.dev.yaml", path.join(dir, "Pulumi.alias.yaml"));
    const run = await runPlan(["--stack", "alias", "--config-dir", dir]);
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0);
  });

  it("refuses a FIFO without opening it (opening one would wait for a writer forever)", async function () {
    if (process.platform === "win32") this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-fifo-"));
    execFileSync("mkfifo", [path.join(dir, "Pulumi.pipe.yaml")]);
    await refused(
      ["--stack", "pipe", "--config-dir", dir],
      "Pulumi.pipe.yaml is a FIFO, not a regular file; the plan reads only regular files. Fix: replace it with the stack's YAML file",
    );
  });

  it("refuses a device", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-dev-"));
    try {
      execFileSync("mknod", [path.join(dir, "Pulumi.zero.yaml"), "c", "1", "5"], { stdio: "ignore" });
    } catch {
      this.skip(); // creating a device node needs CAP_MKNOD
    }
    await refused(
      ["--stack", "zero", "--config-dir", dir],
      "Pulumi.zero.yaml is a device, not a regular file; the plan reads only regular files. Fix: replace it with the stack's YAML file",
    );
  });

  it("refuses a directory named like a stack file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-dir-"));
    fs.mkdirSync(path.join(dir, "Pulumi.d.yaml"));
    await refused(
      ["--stack", "d", "--config-dir", dir],
      "Pulumi.d.yaml is a directory, not a regular file; the plan reads only regular files. Fix: replace it with the stack's YAML file",
    );
  });

  it("names a --config-dir that does not exist", () =>
    refused(
      ["--stack", "dev", "--config-dir", "/nonexistent/stacks"],
      "--config-dir /nonexistent/stacks does not exist. Fix: point --config-dir at the directory of Pulumi.<stack>.yaml",
    ));
});

describe("offline plan: command-line mistakes print the usage line", () => {
  const cases: Array<[string, string[], Record<string, string>, string]> = [
    ["a misspelt option", ["--stak", "dev"], {}, "unknown option --stak; did you mean --stack?"],
    ["an unknown option", ["--stack", "dev", "--verbose"], {}, "unknown option --verbose."],
    ["a short option", ["-s", "dev"], {}, "unknown option -s."],
    ["no --stack", ["--format", "json"], {}, "--stack (or --system <folder>, or --all) is required."],
    ["--stack without a value", ["--stack"], {}, "--stack needs a value."],
    [
      "an unknown format",
      ["--stack", "dev", "--format", "yaml"],
      {},
      "--format yaml is not supported; allowed: text, json, markdown, mermaid.",
    ],
    [
      "a misspelt format",
      ["--stack", "dev", "--format", "jsno"],
      {},
      "--format jsno is not supported; allowed: text, json, markdown, mermaid; did you mean json?",
    ],
    // `npm run plan --stack dev`: npm keeps --stack (npm_config_stack=true) and passes only "dev".
    [
      "npm run plan --stack dev (no --)",
      ["dev"],
      { npm_config_stack: "true" },
      'unexpected argument "dev"; npm kept --stack for itself: put -- between npm run plan and the plan\'s options.',
    ],
    // `npm run plan --stack=dev`: npm keeps it all (npm_config_stack=dev) and passes nothing.
    [
      "npm run plan --stack=dev (no --)",
      [],
      { npm_config_stack: "dev" },
      "npm kept --stack for itself: put -- between npm run plan and the plan's options.",
    ],
    [
      "a stray argument",
      ["--stack", "dev", "prod"],
      {},
      'unexpected argument "prod": put -- between npm run plan and the plan\'s options.',
    ],
  ];
  for (const [name, argv, env, problem] of cases) {
    it(name, async () => {
      const { main } = await import("../../tools/plan/cli");
      let stderr = "";
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string) => {
        stderr += chunk;
        return true;
      }) as typeof process.stderr.write;
      try {
        assert.equal(await main(argv, env), 2);
      } finally {
        process.stderr.write = write;
      }
      assert.equal(stderr, `error: ${problem} ${USAGE}\n`);
    });
  }
});

describe("offline plan: output to a pipe", function () {
  this.timeout(120_000);

  // Many times what a pipe and the reader's buffer hold (64 KiB each), so most of the plan is still
  // queued in the writer when its program ends.
  const tags = Array.from({ length: 100 }, (_, i) => `tag-${i}-${"x".repeat(120)}`);
  const presets = Array.from({ length: 100 }, (_, i) => ({ name: `preset-${i}`, tags }));

  it("arrives whole at a reader that stops reading after the first chunk", async () => {
    const dir = writeStack("big", { ...stackConfig("dev"), "webapp:media": { presets } });
    const args = ["--stack", "big", "--config-dir", dir, "--format", "json"];
    // The real entry point starts first and the same plan runs in this process meanwhile: the two overlap.
    const child = spawn(process.execPath, [path.join(ROOT, "tools", "plan", "run.js"), ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const receiving = new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunks.push(chunk) > 1) return;
        // The reader stalls. A plan that exits without waiting for the pipe ends now, cut short; one that
        // waits is stalled too, so the reader picks up again after a while (a pause, not a measurement).
        child.stdout.pause();
        const resume = () => child.stdout.resume();
        child.once("exit", resume);
        setTimeout(resume, 2000);
      });
      child.stdout.on("end", () => resolve(Buffer.concat(chunks).toString()));
    });
    const expected = (await runPlan(args)).stdout;
    assert.ok(expected.length > 1024 * 1024, `only ${expected.length} bytes`);
    const received = await receiving;
    assert.equal(received.length, expected.length);
    assert.equal(received, expected);
  });
});
