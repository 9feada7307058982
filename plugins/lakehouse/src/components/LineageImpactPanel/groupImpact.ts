import { ImpactItem } from '@internal/plugin-lakehouse-common';
import { ownerName } from '../LineageGraphView/graphElements';

/** The affected items of one owner. */
export interface ImpactGroup {
  /** Owner entity ref; undefined for items without an owner. */
  owner?: string;
  /** The owner's name as headings show it. */
  name: string;
  items: ImpactItem[];
}

/** Heading of the items nobody owns. */
export const NO_OWNER = 'No owner recorded';

/** The name an item is listed by: its title, else the name in its ref or id. */
export function impactItemTitle(item: ImpactItem): string {
  if (item.title) return item.title;
  const ref = item.entityRef ?? item.id.replace(/^openlineage:/, '');
  return ref.slice(ref.lastIndexOf('/') + 1) || ref;
}

/**
 * Groups affected items by owner, so each team sees what it has to check:
 * owners by name, the items without an owner last; within a group the
 * nearest items first, then by title.
 */
export function groupImpactByOwner(items: ImpactItem[]): ImpactGroup[] {
  const groups = new Map<string | undefined, ImpactGroup>();
  for (const item of items) {
    const group = groups.get(item.owner) ?? {
      owner: item.owner,
      name: ownerName(item.owner) ?? NO_OWNER,
      items: [],
    };
    group.items.push(item);
    groups.set(item.owner, group);
  }
  for (const group of groups.values()) {
    group.items.sort(
      (a, b) =>
        a.distance - b.distance ||
        impactItemTitle(a).localeCompare(impactItemTitle(b)),
    );
  }
  return [...groups.values()].sort((a, b) => {
    if (!a.owner !== !b.owner) return a.owner ? -1 : 1;
    return a.name.localeCompare(b.name);
  });
}
