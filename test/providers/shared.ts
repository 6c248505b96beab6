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

/** A fake service per test, and every wait the provider asked for, in ms. */
export interface FakeServiceHarness<F> {
  fake: F;
  sleeps: number[];
}

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
}

/**
 * The provider suites' set-up, stated once: before each test a fresh fake and the environment pointing at
 * it, and a retry policy that never really waits (100 ms base, 1 s ceiling, 300 ms per attempt; full jitter
 * drawn at its middle, so each backoff is exactly half the exponential ceiling); after it the fake stops and
 * the environment is put back.
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
    setup.resetRuntime().retry = {
      attempts: setup.attempts,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      timeoutMs: 300,
      random: () => 0.5,
      sleep: async (ms) => {
        h.sleeps.push(ms);
        setup.onSleep?.(h.fake, ms);
      },
    };
  });
  afterEach(async () => {
    await h.fake.stop();
    restoreEnv();
  });
  return h;
}
