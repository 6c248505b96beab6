import * as assert from "node:assert/strict";
import { alertContactProvider, type AlertContactInputs } from "../../../providers/uptimerobot";
import { useFakeUptimeRobot } from "./helpers";

const inputs: AlertContactInputs = { friendlyName: "webapp-dev-oncall", email: "oncall@example.com" };

describe("uptimerobot:AlertContact", () => {
  const h = useFakeUptimeRobot();

  it("creates an e-mail contact, which stays NotActivated until the address is confirmed", async () => {
    const res = await alertContactProvider.create(inputs);
    assert.deepEqual(h.fake.bodies("POST", "/alert-contacts"), [
      { type: "Email", friendlyName: "webapp-dev-oncall", value: "oncall@example.com" },
    ]);
    assert.deepEqual(res.outs, {
      friendlyName: "webapp-dev-oncall",
      email: "oncall@example.com",
      status: "NotActivated",
    });
  });

  it("takes over the contact that already sends to the address instead of adding a second", async () => {
    const existing = h.fake.addContact({ value: "OnCall@Example.com", friendlyName: "by hand" });
    const res = await alertContactProvider.create(inputs);
    assert.equal(res.id, String(existing.id));
    assert.equal(h.fake.count("POST"), 0);
    assert.equal(existing.friendlyName, "webapp-dev-oncall");
  });

  it("reads v2-style numeric type and status as names", async () => {
    const c = h.fake.addContact({ value: "oncall@example.com", friendlyName: "x" });
    (c as Record<string, unknown>).type = 2;
    (c as Record<string, unknown>).status = 2;
    assert.deepEqual(await alertContactProvider.read!(String(c.id), {} as never), {
      id: String(c.id),
      props: { friendlyName: "x", email: "oncall@example.com", status: "Active" },
    });
  });

  it("a new address replaces the contact; a new name updates it", async () => {
    const olds = { friendlyName: "a", email: "oncall@example.com", status: "Active" };
    assert.deepEqual(await alertContactProvider.diff!("1", olds, { ...inputs, email: "new@example.com" }), {
      changes: true,
      replaces: ["email"],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await alertContactProvider.diff!("1", olds, inputs), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("deletes, and a gone contact reads as gone", async () => {
    const { id, outs: created } = await alertContactProvider.create(inputs);
    const outs = created!;
    await alertContactProvider.delete!(id, outs);
    assert.deepEqual(await alertContactProvider.read!(id, {} as never), {});
  });

  it("refuses an address that is not one", async () => {
    const { failures } = await alertContactProvider.check!({} as AlertContactInputs, {
      ...inputs,
      email: "oncall",
    });
    assert.deepEqual(failures, [
      { property: "email", reason: 'email "oncall" is not an e-mail address; use e.g. "oncall@example.com"' },
    ]);
  });
});
