import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const SCRIPT = path.resolve(__dirname, "../../tools/backup/backup.sh");

function backup(env: Record<string, string>) {
  const res = spawnSync("bash", [SCRIPT, "/nonexistent-backup-dir"], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    encoding: "utf8",
  });
  return { status: res.status, stderr: res.stderr.trim() };
}

describe("tools/backup/backup.sh refuses before it connects", () => {
  it("a pooled URL: pg_dump needs the direct host", () => {
    assert.deepEqual(
      backup({
        DATABASE_DIRECT_URL: "postgresql://app:pw@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/app",
      }),
      {
        status: 2,
        stderr:
          "backup: DATABASE_DIRECT_URL points at a pooler (ep-cool-1234-pooler.eu-central-1.aws.neon.tech); use the direct host, the same URL without -pooler",
      },
    );
  });

  it("no URL at all", () => {
    const { status, stderr } = backup({});
    assert.equal(status, 1);
    assert.match(
      stderr,
      /DATABASE_DIRECT_URL is not set; set it to the direct \(unpooled\) connection URL of the database$/,
    );
  });
});
