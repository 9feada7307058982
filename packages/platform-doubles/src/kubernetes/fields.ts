/*
 * Field ownership as the Kubernetes API server tracks it for server-side apply
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/, sigs.k8s.io/structured-merge-diff v4):
 * a manager owns a set of field paths, serialized in `metadata.managedFields[].fieldsV1` as nested
 * `{"f:<name>": {...}}` objects whose leaves are `{}`. Members of a set are the leaves the manager set:
 * scalars, lists and empty maps. Maps are granular (each key owned on its own) and lists atomic, which is
 * what the KServe v0.20 CRD declares for the fields of an InferenceService spec that portals write
 * (maps without `x-kubernetes-map-type: atomic`); associative lists (`x-kubernetes-list-type: map`) are
 * treated as atomic here.
 */

/** A JSON object. */
export type JsonObject = { [key: string]: unknown };

/** A field path: the map keys from the object root. */
export type FieldPath = string[];

/** A set of field paths. */
export class FieldSet {
  private readonly members = new Map<string, FieldPath>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const path of paths) {
      this.add(path);
    }
  }

  static key(path: FieldPath): string {
    return JSON.stringify(path);
  }

  add(path: FieldPath): void {
    this.members.set(FieldSet.key(path), path);
  }

  delete(path: FieldPath): void {
    this.members.delete(FieldSet.key(path));
  }

  has(path: FieldPath): boolean {
    return this.members.has(FieldSet.key(path));
  }

  get size(): number {
    return this.members.size;
  }

  paths(): FieldPath[] {
    return [...this.members.values()];
  }

  /** Paths of this set equal to `path`, inside it, or containing it. */
  overlapping(path: FieldPath): FieldPath[] {
    return this.paths().filter(p => isPrefix(p, path) || isPrefix(path, p));
  }

  equals(other: FieldSet): boolean {
    return this.size === other.size && this.paths().every(p => other.has(p));
  }

  clone(): FieldSet {
    return new FieldSet(this.paths());
  }
}

/** Whether `prefix` is `path` or one of its ancestors. */
export function isPrefix(prefix: FieldPath, path: FieldPath): boolean {
  return (
    prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg)
  );
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => deepEqual(v, b[i]))
    );
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every(k => Object.prototype.hasOwnProperty.call(b, k)) &&
      ka.every(k => deepEqual(a[k], b[k]))
    );
  }
  return false;
}

export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

export function getPath(obj: unknown, path: FieldPath): unknown {
  let current: unknown = obj;
  for (const seg of path) {
    if (!isPlainObject(current)) {
      return undefined;
    }
    current = current[seg];
  }
  return current;
}

/**
 * Removes the field at `path`, then every ancestor map it leaves empty unless `keep` says the ancestor is
 * still wanted (owned by someone).
 */
export function deletePath(
  obj: JsonObject,
  path: FieldPath,
  keep: (path: FieldPath) => boolean = () => false,
): void {
  const parents: JsonObject[] = [obj];
  let current: unknown = obj;
  for (const seg of path.slice(0, -1)) {
    if (!isPlainObject(current) || !isPlainObject(current[seg])) {
      return;
    }
    current = current[seg];
    parents.push(current as JsonObject);
  }
  delete parents[parents.length - 1][path[path.length - 1]];
  for (let depth = path.length - 1; depth > 0; depth--) {
    const map = parents[depth];
    const mapPath = path.slice(0, depth);
    if (Object.keys(map).length > 0 || keep(mapPath)) {
      return;
    }
    delete parents[depth - 1][path[depth - 1]];
  }
}

/** Identity and server-set fields that no manager owns. */
const UNOWNED_ROOTS: FieldPath[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'uid'],
  ['metadata', 'resourceVersion'],
  ['metadata', 'generation'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'managedFields'],
  ['metadata', 'selfLink'],
  ['metadata', 'deletionTimestamp'],
  ['metadata', 'deletionGracePeriodSeconds'],
];

/** The leaf paths of `obj`: scalars, lists, nulls and empty maps, without the unowned metadata fields. */
export function leafPaths(
  obj: JsonObject,
  options: { exclude?: FieldPath[] } = {},
): FieldSet {
  const exclude = [...UNOWNED_ROOTS, ...(options.exclude ?? [])];
  const set = new FieldSet();
  const walk = (value: unknown, path: FieldPath) => {
    if (exclude.some(e => isPrefix(e, path))) {
      return;
    }
    if (
      isPlainObject(value) &&
      (Object.keys(value).length > 0 || !path.length)
    ) {
      for (const [key, child] of Object.entries(value)) {
        walk(child, [...path, key]);
      }
      return;
    }
    set.add(path);
  };
  walk(obj, []);
  return set;
}

/** Serializes a field set as FieldsV1 (`{"f:spec":{"f:predictor":{...}}}`), keys sorted as the API server writes them. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  const sorted = set
    .paths()
    .map(p => p.map(seg => `f:${seg}`))
    .sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
  for (const path of sorted) {
    let node = root;
    for (const seg of path) {
      if (!isPlainObject(node[seg])) {
        node[seg] = {};
      }
      node = node[seg] as JsonObject;
    }
  }
  return root;
}

/** Renders a path the way the API server prints it in conflicts: `.spec.predictor.model.storageUri`. */
export function pathString(path: FieldPath): string {
  return path.map(seg => `.${seg}`).join('');
}

/**
 * Merges an applied configuration into the live object: maps merge key by key, everything else (scalars,
 * lists) is replaced; a null in the applied configuration removes the field.
 */
export function mergeApplied(
  live: JsonObject,
  applied: JsonObject,
): JsonObject {
  const out = clone(live);
  const merge = (target: JsonObject, source: JsonObject) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === null) {
        delete target[key];
      } else if (isPlainObject(value) && isPlainObject(target[key])) {
        merge(target[key] as JsonObject, value);
      } else {
        target[key] = clone(value);
      }
    }
  };
  merge(out, applied);
  return out;
}

/** Leaf paths whose value differs between `before` and `after` (added, changed or removed). */
export function changedPaths(
  before: JsonObject,
  after: JsonObject,
  exclude: FieldPath[] = [],
): FieldSet {
  const changed = new FieldSet();
  const beforeSet = leafPaths(before, { exclude });
  const afterSet = leafPaths(after, { exclude });
  for (const path of afterSet.paths()) {
    if (!deepEqual(getPath(before, path), getPath(after, path))) {
      changed.add(path);
    }
  }
  for (const path of beforeSet.paths()) {
    if (getPath(after, path) === undefined) {
      changed.add(path);
    }
  }
  return changed;
}
