import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

/**
 * Applies what a provider hands to the catalog as the catalog would (a full
 * mutation replaces the provider's entities, a delta adds, replaces and
 * removes some) and records every mutation and what the catalog held after it.
 */
export class RecordingConnection implements EntityProviderConnection {
  /** Every mutation, as the provider sent it. */
  readonly received: EntityProviderMutation[] = [];
  /** The entities the catalog held from this provider after each mutation. */
  readonly mutations: Entity[][] = [];
  private readonly held = new Map<string, Entity>();

  async applyMutation(mutation: EntityProviderMutation) {
    this.received.push(mutation);
    if (mutation.type === 'full') {
      this.held.clear();
      for (const { entity } of mutation.entities) {
        this.held.set(stringifyEntityRef(entity), entity);
      }
    } else {
      for (const removed of mutation.removed) {
        this.held.delete(
          'entityRef' in removed
            ? removed.entityRef
            : stringifyEntityRef(removed.entity),
        );
      }
      for (const { entity } of mutation.added) {
        this.held.set(stringifyEntityRef(entity), entity);
      }
    }
    this.mutations.push([...this.held.values()]);
  }

  async refresh() {}

  /** The entities the catalog holds from this provider now. */
  get current(): Entity[] {
    return [...this.held.values()];
  }

  /** Names of the entities the catalog holds from this provider now. */
  get names() {
    return this.current.map(e => e.metadata.name);
  }
}
