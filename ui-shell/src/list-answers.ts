// A declared list's answer in a form's values: its items under "<id>.1", "<id>.2", … (as
// core's listKey keeps them, and as the service names an item's error). The tab takes only
// types from core, so the few lines it needs are here.

const key = (fieldId: string, n: number) => `${fieldId}.${n}`;

/** The items, in order, as typed (empty ones too). */
export function listItemsOf(values: Record<string, string>, fieldId: string): string[] {
  const items: string[] = [];
  for (let n = 1; values[key(fieldId, n)] !== undefined; n += 1)
    items.push(values[key(fieldId, n)]!);
  return items;
}

/** The values with the list's items replaced by these, numbered from 1. */
export function withListItems(
  values: Record<string, string>,
  fieldId: string,
  items: string[],
): Record<string, string> {
  const prefix = `${fieldId}.`;
  const next = Object.fromEntries(
    Object.entries(values).filter(
      ([k]) => !(k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length))),
    ),
  );
  items.forEach((item, i) => (next[key(fieldId, i + 1)] = item));
  return next;
}

/**
 * The messages once item n is removed: its own goes, and those of the items after it move
 * up a number with them, so every message stays beside the item it is about.
 */
export function errorsAfterRemoving(
  errors: Record<string, string>,
  fieldId: string,
  n: number,
): Record<string, string> {
  const prefix = `${fieldId}.`;
  const next: Record<string, string> = {};
  for (const [k, message] of Object.entries(errors)) {
    const rest = k.startsWith(prefix) ? k.slice(prefix.length) : '';
    if (!/^\d+$/.test(rest)) next[k] = message;
    else if (Number(rest) < n) next[k] = message;
    else if (Number(rest) > n) next[key(fieldId, Number(rest) - 1)] = message;
  }
  return next;
}

/** The answers with each list as an array of its non-empty items, for an API that takes arrays. */
export function withListsAsArrays(
  values: Record<string, string>,
  listFieldIds: string[],
): Record<string, string | string[]> {
  let rest: Record<string, string> = values;
  const lists: Record<string, string[]> = {};
  for (const id of listFieldIds) {
    lists[id] = listItemsOf(values, id)
      .map((item) => item.trim())
      .filter((item) => item !== '');
    rest = withListItems(rest, id, []);
  }
  return { ...rest, ...lists };
}
