import * as assert from "node:assert/strict";
import { compareCounts, countsFromDataScript, parseCounts } from "../../tools/backup/row-counts";

// The shape `pg_restore --data-only -f -` prints (PostgreSQL 15): COPY blocks ended by `\.`, newlines and
// tabs inside values escaped.
const SCRIPT = [
  "SET statement_timeout = 0;",
  "COPY public.django_migrations (id, app, name, applied) FROM stdin;",
  "1\tcontenttypes\t0001_initial\t2026-12-02 20:00:00+00",
  "2\tshop\t0001_initial\t2026-12-02 20:00:00+00",
  "\\.",
  "",
  'COPY public."Odd ""Name""" (id) FROM stdin;',
  "\\.",
  "COPY public.shop_product (id, name, created) FROM stdin;",
  "1\ttwo\\nlines\\tand a tab\t2026-12-02 20:00:00+00",
  "\\.",
  "SELECT pg_catalog.setval('public.shop_product_id_seq', 1, true);",
].join("\n");

describe("restore drill row counts", () => {
  it("counts each table's rows in the dump, escaped newlines and quoted names included", () => {
    assert.deepStrictEqual(
      [...countsFromDataScript(SCRIPT)],
      [
        ["public.django_migrations", 2],
        ['public.Odd "Name"', 0],
        ["public.shop_product", 1],
      ],
    );
  });

  it("a COPY block without its end marker is a truncated dump", () => {
    assert.throws(() => countsFromDataScript("COPY public.t (id) FROM stdin;\n1\n"), {
      message: "the dump's data for public.t has no end marker (\\.): the dump is truncated",
    });
  });

  it("agrees when every table holds what the dump holds, extra tables allowed", () => {
    const actual = parseCounts(
      'public.django_migrations\t2\npublic.Odd "Name"\t0\npublic.shop_product\t1\npublic.x\t9\n',
    );
    assert.deepStrictEqual(compareCounts(countsFromDataScript(SCRIPT), actual), []);
  });

  it("names each table that lost rows or is missing", () => {
    const actual = parseCounts("public.django_migrations\t1\n");
    assert.deepStrictEqual(compareCounts(countsFromDataScript(SCRIPT), actual), [
      "public.django_migrations: 2 rows in the dump, 1 restored",
      'public.Odd "Name": in the dump (0 rows) but not in the restored database',
      "public.shop_product: in the dump (1 rows) but not in the restored database",
    ]);
  });

  it("refuses a count line of another shape", () => {
    assert.throws(() => parseCounts("public.t\tmany\n"), {
      message: 'row count line "public.t\\tmany" is not "<table>\\t<count>"',
    });
  });
});
