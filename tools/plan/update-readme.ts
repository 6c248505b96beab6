import * as fs from "node:fs";
import * as path from "node:path";
import { plan } from "./cli";
import { formatMermaid } from "./format-mermaid";

/** `npm run diagram`: redraws the README's architecture diagram from the `dev` stack's plan. */

export const README = path.resolve(__dirname, "..", "..", "README.md");
const START = "<!-- diagram:dev:start -->";
const END = "<!-- diagram:dev:end -->";
const INTRO =
  "Architecture of the `dev` stack, drawn by `npm run plan -- --stack dev --format mermaid` from the planned " +
  "resource graph; `npm run diagram` refreshes it.";

/** `readme` with everything between the diagram markers replaced by `mermaid` and its one-sentence intro. */
export function withDiagram(readme: string, mermaid: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(
      `README.md lacks the markers ${START} and ${END} (in that order); add them where the diagram goes`,
    );
  }
  // Blank lines around the block, as prettier lays markdown out (`npm run lint` checks the README).
  const section = `${START}\n\n${INTRO}\n\n\`\`\`mermaid\n${mermaid}\`\`\`\n\n`;
  return readme.slice(0, start) + section + readme.slice(end);
}

/** The dev stack's diagram as the plan draws it now. */
export async function devDiagram(): Promise<string> {
  return formatMermaid(await plan("dev"));
}

async function main(): Promise<number> {
  try {
    const readme = fs.readFileSync(README, "utf8");
    const updated = withDiagram(readme, await devDiagram());
    if (updated === readme) {
      process.stdout.write("README.md: the dev diagram is up to date\n");
    } else {
      fs.writeFileSync(README, updated);
      process.stdout.write("README.md: redrew the dev diagram\n");
    }
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}\n`);
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
