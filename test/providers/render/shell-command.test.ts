import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fromShellCommand, shellCommand } from "../../../providers/render/service-body";

/**
 * Render runs `dockerCommand` as the container's command, without a shell (real-world.md, Render), so the
 * provider hands it `/bin/sh -c '<line>'`. Run the way Render splits it, the line must do exactly what it
 * says: `$PORT` expands, quotes and `&&` survive.
 */
describe("render: commands run under /bin/sh -c", () => {
  const lines = [
    "echo port=$PORT",
    "echo 'it''s' && echo \"two\"",
    "echo migrate --database 'direct' && exec echo done",
  ];
  for (const line of lines) {
    it(`runs ${JSON.stringify(line)} as written`, () => {
      const held = shellCommand(line);
      assert.match(held, /^\/bin\/sh -c '.*'$/s);
      assert.equal(fromShellCommand(held), line);
      const env = { PATH: process.env.PATH ?? "", PORT: "10000" };
      // The container runtime's split of `held` into argv, done by a shell here: /bin/sh, -c, <line>.
      const asRender = execFileSync("sh", ["-c", held], { env, encoding: "utf8" });
      const direct = execFileSync("sh", ["-c", line], { env, encoding: "utf8" });
      assert.equal(asRender, direct);
    });
  }

  it("an empty command stays empty (Render then runs the image's CMD)", () => {
    assert.equal(shellCommand(""), "");
    assert.equal(shellCommand(undefined), "");
  });
});
