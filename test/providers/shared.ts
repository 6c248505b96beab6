/** Set-up the Render, Neon, Cloudinary and UptimeRobot provider suites share. */
import Module from "node:module";
import * as path from "node:path";
import * as runtime from "@pulumi/pulumi/runtime";
import type { RetryOptions } from "../../providers/shared/http";

/**
 * Serializes a provider as `pulumi.dynamic.Resource` does (`allowSecrets`, as Pulumi passes it) and loads the
 * text back as a module the way the dynamic-provider host does, resolving `require`s from node_modules.
 */
export async function roundTrip<T>(provider: T): Promise<{ text: string; provider: T }> {
  const { text } = await runtime.serializeFunction(() => provider, { allowSecrets: true });
  const file = path.join(__dirname, "serialized.js");
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  (mod as unknown as { _compile(code: string, file: string): void })._compile(text, file);
  return { text, provider: (mod.exports as { handler(): T }).handler() };
}

/** Remembers the current values of `names`; the returned function puts them back (unset stays unset). */
export function saveEnv(names: readonly string[]): () => void {
  const saved = names.map((name) => [name, process.env[name]] as const);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * A per-attempt timeout no answered request meets, even on a loaded machine: a GC pause or a busy CPU can hold
 * a local fake's answer for hundreds of ms, and a 200-300 ms timeout then retried a request that had been
 * answered, so the test saw one request too many or a different error (issue 15 item 20).
 */
export const ANSWERED_TIMEOUT_MS = 10_000;

/**
 * Keeps the providers' per-attempt timeout at {@link ANSWERED_TIMEOUT_MS} until the test makes `fake` never
 * answer (a fault of kind `hang`), and only then shortens it to `hungMs` (`retune`): only a test of the
 * timeout itself waits for it, and it waits briefly.
 */
export function shortenTimeoutOnHang<Rule>(
  fake: { fail(rule: Rule): void },
  kindOf: (rule: Rule) => string,
  retune: () => void,
  hang = "timeout",
): void {
  const fail = fake.fail.bind(fake);
  fake.fail = (rule: Rule) => {
    if (kindOf(rule) === hang) retune();
    fail(rule);
  };
}

/** A fake service per test, and every wait the provider asked for, in ms. */
export interface FakeServiceHarness<F> {
  fake: F;
  sleeps: number[];
}

/** The rule a fake's `fail` takes (never for a fake that has none). */
type FaultRule<F> = F extends { fail(rule: infer R): void } ? R : never;

/** What {@link useFakeService} needs to know about one service's fake and provider runtime. */
export interface FakeServiceSetup<F extends { start(): Promise<string>; stop(): Promise<void> }> {
  /** The environment variables the set-up changes; each test puts them back. */
  env: readonly string[];
  make(): F;
  /** Points the environment at the started fake, which listens at `url`. */
  point(fake: F, url: string): void;
  /** Clears the provider's cached credential and returns its runtime, whose `retry` the set-up replaces. */
  resetRuntime(): { retry: RetryOptions };
  /** Tries per call, including the first. */
  attempts: number;
  /** Also told of every wait (e.g. to move the fake's clock, so a rate-limit window really passes). */
  onSleep?(fake: F, ms: number): void;
  /** The kind of a fault rule given to the fake's `fail`: a `timeout` fault shortens the per-attempt timeout. */
  faultKind?(rule: FaultRule<F>): string;
}

/**
 * The provider suites' set-up, stated once: before each test a fresh fake and the environment pointing at
 * it, and a retry policy that never really waits (100 ms base, 1 s ceiling, {@link ANSWERED_TIMEOUT_MS} per
 * attempt until the test makes the fake hang, then 300 ms; full jitter drawn at its middle, so each backoff is
 * exactly half the exponential ceiling); after it the fake stops and the environment is put back.
 */
export function useFakeService<F extends { start(): Promise<string>; stop(): Promise<void> }>(
  setup: FakeServiceSetup<F>,
): FakeServiceHarness<F> {
  const h = { sleeps: [] as number[] } as FakeServiceHarness<F>;
  let restoreEnv: () => void;
  beforeEach(async () => {
    restoreEnv = saveEnv(setup.env);
    h.fake = setup.make();
    setup.point(h.fake, await h.fake.start());
    h.sleeps = [];
    const rt = setup.resetRuntime();
    rt.retry = {
      attempts: setup.attempts,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      timeoutMs: ANSWERED_TIMEOUT_MS,
      random: () => 0.5,
      sleep: async (ms) => {
        h.sleeps.push(ms);
        setup.onSleep?.(h.fake, ms);
      },
    };
    const faultKind = setup.faultKind;
    if (faultKind) {
      const fake = h.fake as unknown as { fail(rule: FaultRule<F>): void };
      shortenTimeoutOnHang(
        fake,
        (rule) => faultKind(rule),
        () => (rt.retry.timeoutMs = 300),
      );
    }
  });
  afterEach(async () => {
    await h.fake.stop();
    restoreEnv();
  });
  return h;
}
