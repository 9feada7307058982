/*
 * Sorting and paging of Feast's registry server (feast-dev/feast f0bc0700be70,
 * sdk/python/feast/registry_server.py `apply_pagination_and_sorting` and `apply_sorting`), with the
 * `PaginationMetadata` message printed by MessageToDict, which leaves out zero and false fields:
 * an empty list gives `{}`, a list read without `page` and `limit` gives `{totalCount, totalPages: 1}`,
 * a page gives `{page, limit, totalCount, totalPages}` plus `hasNext` / `hasPrevious` when true.
 */

/** The pagination metadata a listing answers with. */
export interface PaginationJson {
  page?: number;
  limit?: number;
  totalCount?: number;
  totalPages?: number;
  hasNext?: boolean;
  hasPrevious?: boolean;
}

/**
 * Sorts by a text attribute as `apply_sorting` does: case-insensitively, stable, reversed for `desc`
 * (Python's sorted(reverse=True) keeps equal items in their order).
 */
export function sortByText<T>(
  objects: T[],
  key: (object: T) => string,
  order: string,
): T[] {
  const direction = order.toLowerCase() === 'desc' ? -1 : 1;
  const keyed = objects.map(object => ({
    object,
    key: key(object).toLowerCase(),
  }));
  keyed.sort((a, b) => {
    if (a.key === b.key) {
      return 0;
    }
    return (a.key < b.key ? -1 : 1) * direction;
  });
  return keyed.map(entry => entry.object);
}

/** Cuts one page out of `objects` (page and limit 0 mean "no paging"). */
export function paginate<T>(
  objects: T[],
  page: number,
  limit: number,
): { items: T[]; pagination: PaginationJson } {
  const totalCount = objects.length;
  if (totalCount === 0) {
    return { items: objects, pagination: {} };
  }
  if (page > 0 && limit > 0) {
    const start = (page - 1) * limit;
    const totalPages = Math.ceil(totalCount / limit);
    const pagination: PaginationJson = {
      page,
      limit,
      totalCount,
      totalPages,
    };
    if (page < totalPages) {
      pagination.hasNext = true;
    }
    if (page > 1) {
      pagination.hasPrevious = true;
    }
    return { items: objects.slice(start, start + limit), pagination };
  }
  return { items: objects, pagination: { totalCount, totalPages: 1 } };
}
