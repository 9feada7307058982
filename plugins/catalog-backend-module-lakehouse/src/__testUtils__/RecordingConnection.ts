import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';

/** Records what a provider hands to the catalog, as the catalog would see it. */
export class RecordingConnection implements EntityProviderConnection {
  mutations: Entity[][] = [];
  async applyMutation(mutation: any) {
    this.mutations.push(mutation.entities.map((d: any) => d.entity));
  }
  async refresh() {}
  /** Names of the entities of the last full mutation. */
  get names() {
    return (this.mutations[this.mutations.length - 1] ?? []).map(
      e => e.metadata.name,
    );
  }
}
