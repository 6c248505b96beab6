import * as assert from "node:assert/strict";
import { folderProvider } from "../../../providers/cloudinary";
import { useFakeCloudinary } from "./helpers";

describe("cloudinary:Folder provider", () => {
  const h = useFakeCloudinary();

  it("creates the folder", async () => {
    assert.deepEqual(await folderProvider.create({ path: "webapp/dev" }), {
      id: "webapp/dev",
      outs: { path: "webapp/dev" },
    });
    assert.deepEqual([...h.fake.folders], ["webapp", "webapp/dev"]);
    assert.equal(h.fake.count("POST", "/folders/webapp/dev"), 1);
  });

  it("reads an existing folder and reports a missing one as gone", async () => {
    await folderProvider.create({ path: "webapp/dev" });
    assert.deepEqual(await folderProvider.read!("webapp/dev", { path: "webapp/dev" }), {
      id: "webapp/dev",
      props: { path: "webapp/dev" },
    });
    assert.deepEqual(await folderProvider.read!("webapp/prod", { path: "webapp/prod" }), {});
  });

  it("diff: same path is no change; a new path replaces", async () => {
    assert.deepEqual(await folderProvider.diff!("a", { path: "a" }, { path: "a" }), {
      changes: false,
      replaces: [],
    });
    assert.deepEqual(await folderProvider.diff!("a", { path: "a" }, { path: "b" }), {
      changes: true,
      replaces: ["path"],
    });
    assert.equal(h.fake.requests.length, 0);
  });

  it("deletes an empty folder; a folder already gone (404) is fine", async () => {
    await folderProvider.create({ path: "webapp/dev" });
    await folderProvider.delete!("webapp/dev", { path: "webapp/dev" });
    assert.deepEqual([...h.fake.folders], ["webapp"]);
    await folderProvider.delete!("webapp/dev", { path: "webapp/dev" });
    assert.equal(h.fake.count("DELETE", "/folders/webapp/dev"), 2);
  });

  it("refuses to delete a folder that still holds assets, saying so and what to do", async () => {
    await folderProvider.create({ path: "webapp/dev" });
    h.fake.putAsset("webapp/dev");
    await assert.rejects(folderProvider.delete!("webapp/dev", { path: "webapp/dev" }), {
      name: "ApiError",
      message:
        'cloudinary:Folder "webapp/dev": delete failed: 400 Bad Request: "Folder is not empty": the folder still holds assets or subfolders, and Cloudinary deletes only empty folders; move or delete them in the Media Library, or keep the folder (retainOnDelete: true), then run again',
    });
    assert.equal(h.fake.count("DELETE"), 1, "a 400 is not retried");
    assert.ok(h.fake.folders.has("webapp/dev"));
  });

  it("check rejects paths Cloudinary does not accept", async () => {
    for (const path of ["/webapp", "webapp/", "web//app", "web?app", "a%b"]) {
      const res = await folderProvider.check!({ path: "x" }, { path });
      assert.deepEqual(
        res.failures,
        [
          {
            property: "path",
            reason: `path ${JSON.stringify(path)} is not a Cloudinary folder path: use segments separated by "/", without a leading or trailing "/" and without ? & # \\ % < >`,
          },
        ],
        path,
      );
    }
    assert.deepEqual((await folderProvider.check!({ path: "x" }, { path: "webapp/dev" })).failures, []);
  });
});
