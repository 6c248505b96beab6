/**
 * Recovery windows of a stack's databases, read from the database targets' catalogs (`recoveryWindow`):
 * one statement for the plan's report and the `recovery-window-minimum` policy.
 */
import type { RecoveryWindow } from "./catalog";
import { catalogs } from "./targets";

/** A resource as the plan and the policies both have it: its type, name and inputs. */
export interface RecoverySubject {
  type: string;
  name: string;
  urn?: string;
  inputs: Record<string, unknown>;
}

/** Every database resource of the stack with its recovery window, in the stack's order. */
export function recoveryWindows(
  resources: readonly RecoverySubject[],
  config: (key: string) => unknown,
): Array<RecoverySubject & { window: RecoveryWindow }> {
  const readers = catalogs().flatMap((c) => Object.entries(c.recoveryWindow ?? {}));
  return resources.flatMap((r) => {
    const read = readers.find(([type]) => type === r.type)?.[1];
    const window = read?.({ inputs: r.inputs, config });
    return window ? [{ ...r, window }] : [];
  });
}

/** `604800` -> "7 days", `21600` -> "6 h", `0` -> "none". */
export function describeWindow(seconds: number): string {
  if (seconds <= 0) return "none";
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? "" : "s"}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds} s`;
}
