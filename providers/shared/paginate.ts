/**
 * Cursor pagination that always ends: a cursor seen before, or more than `maxPages` pages, fails the call
 * with a clear message instead of looping (a broken or hostile API can hand back the same cursor forever).
 * A silently truncated list is never returned: callers use lists to find what a lost create made.
 *
 * Stable API:
 *   paginate(what, fetchPage, opts?) -> Promise<T[]>
 *   DEFAULT_MAX_PAGES = 100   (100 pages of 100 is 10,000 items, far past any workspace we manage)
 *
 * Imports nothing from npm (closure serializer).
 */

import { ApiError } from "./http";

export const DEFAULT_MAX_PAGES = 100;

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; undefined or "" on the last page. */
  next?: string;
}

export async function paginate<T>(
  what: string,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  opts: { maxPages?: number } = {},
): Promise<T[]> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next) return items;
    if (seen.has(page.next)) {
      throw new ApiError(
        `${what} failed: the API handed back page cursor ${JSON.stringify(page.next.slice(0, 40))} a second time; stopped instead of looping`,
        { kind: "parse" },
      );
    }
    if (pages >= maxPages) {
      throw new ApiError(`${what} failed: the list runs past ${maxPages} pages; stopped`, { kind: "parse" });
    }
    seen.add(page.next);
    cursor = page.next;
  }
}
