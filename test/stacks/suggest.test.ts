import * as assert from "node:assert/strict";
import { suggestValue } from "../../stacks/errors";
import { nearestStack } from "../../stacks/suggest";
import { REGION_NAMES } from "../../stacks/regions";

// "Did you mean" by meaning, not only by spelling (issue 15 item 14).
const REGIONS: Array<[string, string | undefined]> = [
  ["eu-west", "eu-central"], // Europe, never us-west (one letter pair away)
  ["eu-west-1", "eu-central"],
  ["europe", "eu-central"],
  ["us-esat", "us-east"],
  ["useast", "us-east"],
  ["us-west-1", "us-west"],
  ["us-east-2", "us-central"], // Upstash/AWS Ohio is our us-central
  ["ap-south-1", "ap-southeast"],
  ["oregon", "us-west"],
  ["mars", undefined],
];
const TIERS: Array<[string, string | undefined]> = [
  ["production", "paid"],
  ["prod", "paid"],
  ["premium", "paid"],
  ["development", "free"],
  ["hobby", "free"],
  ["fre", "free"],
  ["banana", undefined],
];
const STACKS: Array<[string, string | undefined]> = [
  ["prdo", "prod"],
  ["production", "prod"],
  ["development", "dev"],
  ["dve", "dev"],
  ["staging", undefined],
];

describe("stacks: did you mean", () => {
  for (const [written, meant] of REGIONS) {
    it(`region ${written} -> ${meant ?? "no suggestion"}`, () =>
      assert.equal(suggestValue(written, [...REGION_NAMES]), meant));
  }
  for (const [written, meant] of TIERS) {
    it(`tier ${written} -> ${meant ?? "no suggestion"}`, () =>
      assert.equal(suggestValue(written, ["free", "paid"]), meant));
  }
  for (const [written, meant] of STACKS) {
    it(`stack ${written} -> ${meant ?? "no suggestion"}`, () =>
      assert.equal(nearestStack(written, ["dev", "prod"]), meant));
  }
});
