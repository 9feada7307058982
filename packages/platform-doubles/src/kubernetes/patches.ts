/*
 * The non-apply PATCH formats of the Kubernetes API: JSON merge patch (RFC 7386,
 * application/merge-patch+json) and JSON patch (RFC 6902, application/json-patch+json). Errors are
 * reported with the API server's messages for undecodable or inapplicable patches.
 */
import { type JsonObject, clone, deepEqual, isPlainObject } from './fields';
import { fail } from './status';

/** RFC 7386: objects merge recursively, null removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) {
    return clone(patch);
  }
  const out: JsonObject = isPlainObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else {
      out[key] = applyMergePatch(out[key], value);
    }
  }
  return out;
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(pointer: unknown): string[] {
  if (
    typeof pointer !== 'string' ||
    (pointer !== '' && !pointer.startsWith('/'))
  ) {
    fail(
      422,
      'UnprocessableEntity',
      `the server rejected our request due to an error in our request: invalid JSON pointer ${JSON.stringify(
        pointer,
      )}`,
    );
  }
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
}

function patchError(message: string): never {
  return fail(500, 'InternalError', `Internal error occurred: ${message}`);
}

function containerAt(doc: unknown, tokens: string[], op: string): unknown {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) {
      current = current[Number(token)];
    } else if (isPlainObject(current)) {
      current = current[token];
    } else {
      current = undefined;
    }
    if (current === undefined) {
      patchError(
        `${op} operation does not apply: doc is missing path: "/${tokens.join(
          '/',
        )}": missing value`,
      );
    }
  }
  return current;
}

function getAt(doc: unknown, tokens: string[]): unknown {
  let current = doc;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      current = current[Number(token)];
    } else if (isPlainObject(current)) {
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}

function removeAt(doc: unknown, tokens: string[], op: string): unknown {
  const parent = containerAt(doc, tokens, op);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) {
      patchError(`Unable to remove nonexistent key: ${last}: missing value`);
    }
    return parent.splice(index, 1)[0];
  }
  if (!isPlainObject(parent) || !(last in parent)) {
    patchError(`Unable to remove nonexistent key: ${last}: missing value`);
  }
  const value = parent[last];
  delete parent[last];
  return value;
}

function addAt(
  doc: unknown,
  tokens: string[],
  value: unknown,
  op: string,
): unknown {
  if (!tokens.length) {
    return clone(value);
  }
  const parent = containerAt(doc, tokens, op);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      patchError(`add operation does not apply: index out of bounds: ${last}`);
    }
    parent.splice(index, 0, clone(value));
  } else if (isPlainObject(parent)) {
    parent[last] = clone(value);
  } else {
    patchError(
      `${op} operation does not apply: doc is missing path: "/${tokens.join(
        '/',
      )}": missing value`,
    );
  }
  return doc;
}

/** RFC 6902 JSON patch. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    fail(
      400,
      'BadRequest',
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = clone(target);
  for (const operation of patch) {
    if (!isPlainObject(operation)) {
      fail(
        400,
        'BadRequest',
        'json: cannot unmarshal into jsonpatch.Operation',
      );
    }
    const op = String(operation.op);
    const path = parsePointer(operation.path);
    switch (op) {
      case 'add':
        doc = addAt(doc, path, operation.value, op);
        break;
      case 'remove':
        removeAt(doc, path, op);
        break;
      case 'replace':
        if (getAt(doc, path) === undefined) {
          patchError(
            `replace operation does not apply: doc is missing key: /${path.join(
              '/',
            )}: missing value`,
          );
        }
        if (!path.length) {
          doc = clone(operation.value);
        } else {
          removeAt(doc, path, op);
          doc = addAt(doc, path, operation.value, op);
        }
        break;
      case 'move': {
        const from = parsePointer(operation.from);
        const value = removeAt(doc, from, op);
        doc = addAt(doc, path, value, op);
        break;
      }
      case 'copy': {
        const from = parsePointer(operation.from);
        doc = addAt(doc, path, getAt(doc, from), op);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(doc, path), operation.value)) {
          patchError(`testing value /${path.join('/')} failed: test failed`);
        }
        break;
      default:
        patchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}
