import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';

/** Conditions of a permission decision on a resource. */
export type Criteria = PermissionCriteria<PermissionCondition>;

/**
 * What part of a decision comes to while the policy builds it: known
 * already (`true`, `false`), or a condition only the plugin that owns the
 * resource can evaluate. Folding definite terms as they are combined keeps
 * the decision as small as the rules allow: a rule that allows everyone
 * makes the whole decision ALLOW, no matter what the others need.
 */
export type Term = boolean | Criteria;

/**
 * Whether one of `criteria` is the negation of another: a rule about
 * kubernetes:apply and the default for every other action together cover
 * every action.
 */
function hasComplement(criteria: Criteria[]): boolean {
  const seen = new Set(criteria.map(c => JSON.stringify(c)));
  return criteria.some(
    c => isNotCriteria(c) && seen.has(JSON.stringify(c.not)),
  );
}

/** All of `terms`: `false` if one is, the conditional rest otherwise. */
export function allOf(...terms: Term[]): Term {
  if (terms.some(term => term === false)) {
    return false;
  }
  const rest = terms
    .filter((term): term is Criteria => term !== true)
    .flatMap(term => (isAndCriteria(term) ? term.allOf : [term]));
  if (rest.length === 0) {
    return true;
  }
  if (hasComplement(rest)) {
    return false;
  }
  return rest.length === 1 ? rest[0] : { allOf: [rest[0], ...rest.slice(1)] };
}

/** Any of `terms`: `true` if one is, the conditional rest otherwise. */
export function anyOf(...terms: Term[]): Term {
  if (terms.some(term => term === true)) {
    return true;
  }
  const rest = terms
    .filter((term): term is Criteria => term !== false)
    .flatMap(term => (isOrCriteria(term) ? term.anyOf : [term]));
  if (rest.length === 0) {
    return false;
  }
  if (hasComplement(rest)) {
    return true;
  }
  return rest.length === 1 ? rest[0] : { anyOf: [rest[0], ...rest.slice(1)] };
}

/** The negation of `term`. */
export function not(term: Term): Term {
  if (typeof term === 'boolean') {
    return !term;
  }
  return isNotCriteria(term) ? term.not : { not: term };
}
