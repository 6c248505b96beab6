/**
 * The restore drill's data check: every table's row count in the restored database equals the number of
 * rows the dump holds for it. The expected counts come from the dump itself (`pg_restore --data-only -f -`
 * prints each table's rows between `COPY <table> (...) FROM stdin;` and `\.`, one row a line, newlines
 * inside values escaped as `\n`: postgresql.org/docs/current/sql-copy.html, "Text Format"), so the check
 * does not depend on the live database having stood still since the dump.
 *
 *   node -r sucrase/register/ts tools/backup/row-counts.ts <data.sql> <actual.tsv>
 *     data.sql: `pg_restore --data-only -f -` of the dump; actual.tsv: `<schema.table>\t<count>` lines
 *     exit 0 and one summary line when they agree; exit 1 and one line per difference otherwise.
 */
import * as fs from "node:fs";

export type Counts = Map<string, number>;

/** `public.shop_product` from a COPY line's table, quotes removed. */
function tableName(raw: string): string {
  return raw
    .split(".")
    .map((part) => part.replace(/^"(.*)"$/, "$1").replace(/""/g, '"'))
    .join(".");
}

/** Rows per table in a `pg_restore --data-only -f -` script. */
export function countsFromDataScript(script: string): Counts {
  const counts: Counts = new Map();
  let table: string | undefined;
  for (const line of script.split("\n")) {
    if (table === undefined) {
      const m =
        /^COPY ((?:"(?:[^"]|"")+"|[^\s(.]+)(?:\.(?:"(?:[^"]|"")+"|[^\s(]+))?) (?:\([^)]*\) )?FROM stdin;$/.exec(
          line,
        );
      if (m) {
        table = tableName(m[1]);
        counts.set(table, counts.get(table) ?? 0);
      }
    } else if (line === "\\.") {
      table = undefined;
    } else {
      counts.set(table, counts.get(table)! + 1);
    }
  }
  if (table !== undefined)
    throw new Error(`the dump's data for ${table} has no end marker (\\.): the dump is truncated`);
  return counts;
}

/** `<schema.table>\t<count>` lines, as `psql -At -F $'\t'` prints them. */
export function parseCounts(tsv: string): Counts {
  const counts: Counts = new Map();
  for (const line of tsv.split("\n")) {
    if (line.trim() === "") continue;
    const [table, n] = line.split("\t");
    if (!/^\d+$/.test(n ?? ""))
      throw new Error(`row count line ${JSON.stringify(line)} is not "<table>\\t<count>"`);
    counts.set(table, Number(n));
  }
  return counts;
}

/** Every difference between the dump's counts and the restored ones, one sentence each; [] when they agree. */
export function compareCounts(expected: Counts, actual: Counts): string[] {
  const problems: string[] = [];
  for (const [table, n] of expected) {
    const got = actual.get(table);
    if (got === undefined)
      problems.push(`${table}: in the dump (${n} rows) but not in the restored database`);
    else if (got !== n) problems.push(`${table}: ${n} rows in the dump, ${got} restored`);
  }
  return problems;
}

function main(argv: string[]): number {
  if (argv.length !== 2) {
    console.error("usage: row-counts.ts <pg_restore --data-only output> <restored counts .tsv>");
    return 2;
  }
  const expected = countsFromDataScript(fs.readFileSync(argv[0], "utf8"));
  const actual = parseCounts(fs.readFileSync(argv[1], "utf8"));
  const problems = compareCounts(expected, actual);
  for (const p of problems) console.error(`restore drill: ${p}`);
  if (problems.length > 0) return 1;
  const rows = [...expected.values()].reduce((a, b) => a + b, 0);
  console.log(`restore drill: ${expected.size} tables, ${rows} rows, every count matches the dump`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
