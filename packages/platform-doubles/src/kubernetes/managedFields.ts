/*
 * Field managers as the API server tracks them in `metadata.managedFields`
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/, sigs.k8s.io/structured-merge-diff v4):
 * a non-apply write (create, replace, a controller's status write) gives its manager every field it changed;
 * server-side apply merges the applied configuration, removes the fields its manager stopped applying, and
 * refuses (409 FieldManagerConflict) to change a field another manager owns unless forced.
 */
import {
  FieldSet,
  type FieldPath,
  type JsonObject,
  changedPaths,
  deepEqual,
  deletePath,
  getPath,
  isPrefix,
  leafPaths,
  mergeApplied,
  pathString,
  toFieldsV1,
} from './fields';
import { StatusError, failureStatus } from './status';

/** One manager's fields. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fields: FieldSet;
  subresource?: 'status';
}

/** The fields a write may own: only `status` through the status subresource, never `status` through the main one. */
export interface FieldScope {
  exclude: FieldPath[];
  only?: FieldPath;
}

export function fieldScope(
  statusSubresource: boolean,
  subresource?: 'status',
): FieldScope {
  if (subresource === 'status') {
    return { exclude: [], only: ['status'] };
  }
  return { exclude: statusSubresource ? [['status']] : [] };
}

/** RFC 3339 with seconds, as `metav1.Time` serializes. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function copy(managers: ManagerEntry[]): ManagerEntry[] {
  return managers.map(m => ({ ...m, fields: m.fields.clone() }));
}

function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** The managers after a non-apply write by `write.manager` turned `before` into `after`. */
export function recordUpdate(
  managers: ManagerEntry[],
  before: JsonObject,
  after: JsonObject,
  write: {
    manager: string;
    apiVersion: string;
    scope: FieldScope;
    subresource?: 'status';
  },
): ManagerEntry[] {
  const { only, exclude } = write.scope;
  let changed = changedPaths(before, after, exclude);
  if (only) {
    changed = new FieldSet(changed.paths().filter(p => isPrefix(only, p)));
  }
  const next = copy(managers);
  // Changed fields leave their previous owners.
  for (const m of next) {
    for (const path of changed.paths()) {
      for (const owned of m.fields.overlapping(path)) {
        m.fields.delete(owned);
      }
    }
  }
  if (changed.size) {
    let entry = next.find(
      m =>
        m.manager === write.manager &&
        m.operation === 'Update' &&
        m.subresource === write.subresource,
    );
    if (!entry) {
      entry = {
        manager: write.manager,
        operation: 'Update',
        apiVersion: write.apiVersion,
        time: '',
        fields: new FieldSet(),
        ...(write.subresource ? { subresource: write.subresource } : {}),
      };
      next.push(entry);
    }
    for (const path of changed.paths()) {
      if (getPath(after, path) !== undefined) {
        entry.fields.add(path);
      }
    }
    entry.time = rfc3339(new Date());
  }
  return next.filter(m => m.fields.size > 0);
}

/**
 * Server-side apply of `applied` (already scoped: no status on a resource with a status subresource) onto
 * `live` by `apply.manager`: the merged object and the managers after it. Throws the API server's 409 when
 * the configuration changes a field another manager owns and `force` is not set.
 */
export function applyConfiguration(
  live: JsonObject,
  applied: JsonObject,
  managers: ManagerEntry[],
  apply: {
    manager: string;
    apiVersion: string;
    force: boolean;
    exclude: FieldPath[];
  },
): { merged: JsonObject; managers: ManagerEntry[] } {
  const newSet = leafPaths(applied, { exclude: apply.exclude });
  const merged = mergeApplied(live, applied);
  const next = copy(managers);
  const isApplier = (m: ManagerEntry) =>
    m.manager === apply.manager &&
    m.operation === 'Apply' &&
    m.subresource === undefined;
  const others = next.filter(m => !isApplier(m));

  // Fields this manager applied before and leaves out now are removed, unless someone else owns them.
  const previous = next.find(isApplier)?.fields ?? new FieldSet();
  const ownedByOthers = (path: FieldPath) =>
    others.some(m => m.fields.overlapping(path).length > 0) ||
    newSet.overlapping(path).length > 0;
  for (const path of previous.paths()) {
    if (!newSet.has(path) && !ownedByOthers(path)) {
      deletePath(
        merged,
        path,
        p =>
          others.some(m => m.fields.paths().some(o => isPrefix(p, o))) ||
          newSet.paths().some(o => isPrefix(p, o)),
      );
    }
  }

  // A field another manager owns may only change with force, which takes it over.
  const conflicts: Conflict[] = [];
  for (const m of others) {
    for (const owned of m.fields.paths()) {
      if (
        newSet.overlapping(owned).length > 0 &&
        !deepEqual(getPath(live, owned), getPath(merged, owned))
      ) {
        conflicts.push({ manager: m, path: owned });
      }
    }
  }
  if (conflicts.length && !apply.force) {
    // structured-merge-diff reports conflicts in field path order.
    conflicts.sort(
      (a, b) =>
        others.indexOf(a.manager) - others.indexOf(b.manager) ||
        comparePaths(a.path, b.path),
    );
    throw applyConflict(conflicts);
  }
  for (const { manager, path } of conflicts) {
    manager.fields.delete(path);
  }

  const entry = next.find(isApplier);
  if (!entry) {
    next.push({
      manager: apply.manager,
      operation: 'Apply',
      apiVersion: apply.apiVersion,
      time: rfc3339(new Date()),
      fields: newSet,
    });
  } else if (!entry.fields.equals(newSet) || !deepEqual(live, merged)) {
    entry.fields = newSet;
    entry.apiVersion = apply.apiVersion;
    entry.time = rfc3339(new Date());
  }
  return { merged, managers: next.filter(m => m.fields.size > 0) };
}

interface Conflict {
  manager: ManagerEntry;
  path: FieldPath;
}

/** NewApplyConflict's 409: one conflict on one line, several grouped by manager. */
function applyConflict(conflicts: Conflict[]): StatusError {
  const describe = (m: ManagerEntry) => {
    const sub = m.subresource ? ` with subresource "${m.subresource}"` : '';
    const at = m.operation === 'Update' ? ` at ${m.time}` : '';
    return `${JSON.stringify(m.manager)}${sub} using ${m.apiVersion}${at}`;
  };
  const causes = conflicts.map(c => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describe(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describe(
      conflicts[0].manager,
    )}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const key = describe(c.manager);
      byManager.set(key, [...(byManager.get(key) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const key of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${key}:`);
      for (const path of byManager.get(key)!) {
        lines.push(`- ${path}`);
      }
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
      '\n',
    )}`;
  }
  // NewApplyConflict leaves name, group and kind out of the details.
  return new StatusError(failureStatus(409, 'Conflict', message, { causes }));
}

/** Whether two manager lists own the same fields (a write that changes nothing keeps its resourceVersion). */
export function sameManagers(a: ManagerEntry[], b: ManagerEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (m, i) =>
        m.manager === b[i].manager &&
        m.operation === b[i].operation &&
        m.fields.equals(b[i].fields),
    )
  );
}

/** `metadata.managedFields` as the API server returns it. */
export function managedFieldsOf(managers: ManagerEntry[]) {
  return managers.map(m => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    time: m.time,
    fieldsType: 'FieldsV1' as const,
    fieldsV1: toFieldsV1(m.fields),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}
