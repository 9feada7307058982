import { toEntityName } from '@internal/plugin-lakehouse-common';

/** A record that wants an entity name. */
export interface NameRequest {
  /** Unique identity of the record over every source, e.g. `feast:demo|feature-view:commerce/stats`. */
  key: string;
  /** The stock kind of its entity: names must be unique per kind. */
  kind: string;
  /** The name it should have, before the naming rules, e.g. `commerce.customer_order_stats`. */
  preferred: string;
}

/**
 * Gives every record a valid entity name by the portal's naming rules
 * ({@link toEntityName}), unique within its kind. When two records would
 * get the same name (the same Feast name for a view and a service, the same
 * InferenceService in two clusters), each of them gets a name with a hash
 * of its identity, so neither silently replaces the other and the result
 * does not depend on the order the sources answered in.
 */
export function assignEntityNames(
  requests: NameRequest[],
): Map<string, string> {
  const byName = new Map<string, NameRequest[]>();
  for (const request of requests) {
    const name = `${request.kind.toLocaleLowerCase('en-US')}:${toEntityName(
      request.preferred,
    )}`;
    const list = byName.get(name);
    if (list) list.push(request);
    else byName.set(name, [request]);
  }
  const names = new Map<string, string>();
  for (const group of byName.values()) {
    for (const request of group) {
      names.set(
        request.key,
        group.length === 1
          ? toEntityName(request.preferred)
          : // The key is not lossless as a name, so toEntityName adds a hash of it.
            toEntityName(`${request.preferred}~${request.key}`),
      );
    }
  }
  return names;
}
