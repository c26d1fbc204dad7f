/**
 * One page of a keyset-paged list from the rows a query read with `limit + 1`: the extra row only tells that a
 * next page exists, and that page starts after the last row shown, whose position `cursorOf` writes.
 */
export function keysetPage<Row, Item, Cursor>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (last: Row) => Cursor,
): { items: Item[]; nextCursor: Cursor | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toItem), nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
