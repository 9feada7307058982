import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Declassification,
  DeclassifyRequest,
  isDataset,
} from '@internal/plugin-lakehouse-common';
import { ClassificationService } from '../classification/ClassificationService';
import { declaredClassifications } from '../classification/declared';
import { columnNamesOf } from '../entityFacts';
import { DeclassificationStore } from './DeclassificationStore';

/**
 * Owners mark columns declassified (a hash, an aggregate) so that the
 * classification a column inherits through lineage stops there, and take
 * that back. The classifications are recomputed right after each change.
 * Permission checks are the caller's: this checks what the request names.
 */
export class DeclassificationService {
  constructor(
    private readonly options: {
      store: DeclassificationStore;
      classifications: ClassificationService;
      catalog: CatalogService;
    },
  ) {}

  /**
   * The dataset `entityRef` names, as the user sees it in the catalog;
   * 404 when it is not there, not visible to them, or not a dataset.
   */
  async datasetFor(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity || !isDataset(entity)) {
      throw new NotFoundError(`No dataset ${entityRef} in the catalog`);
    }
    return entity;
  }

  /**
   * Declassifies a column of `dataset`: 404 for a column it does not have,
   * 409 for a column whose own source declares the classification (only
   * the source can take that back) or that is declassified already.
   */
  async declassify(
    dataset: Entity,
    request: Pick<DeclassifyRequest, 'column' | 'reason'>,
    by: string,
  ): Promise<Declassification> {
    const entityRef = stringifyEntityRef(dataset);
    const columns = columnNamesOf(dataset);
    if (!columns.includes(request.column)) {
      throw new NotFoundError(
        columns.length
          ? `${entityRef} has no column "${
              request.column
            }"; its columns are ${columns.join(', ')}`
          : `${entityRef} has no columns in the catalog`,
      );
    }
    const declared = declaredClassifications(
      dataset,
      new Set(this.options.classifications.classifications),
    ).filter(c => c.column === request.column);
    if (declared.length) {
      throw new ConflictError(
        `${request.column} of ${entityRef} is declared ${declared
          .map(c => c.classification)
          .join(
            ', ',
          )} by its source, not inherited: a declassification only stops an inherited classification. Remove the classification from the column where it is declared (meta.classification or the tag in the dbt YAML) instead`,
      );
    }
    const declassification = await this.options.store.add({
      entityRef,
      column: request.column,
      reason: request.reason.trim(),
      by,
      at: new Date().toISOString(),
    });
    await this.options.classifications.refresh();
    return declassification;
  }

  /** Removes the declassification of a column; 404 when there is none. */
  async reclassify(dataset: Entity, column: string): Promise<Declassification> {
    const entityRef = stringifyEntityRef(dataset);
    const existing = await this.options.store.get(entityRef, column);
    if (!existing || !(await this.options.store.remove(entityRef, column))) {
      throw new NotFoundError(`${column} of ${entityRef} is not declassified`);
    }
    await this.options.classifications.refresh();
    return existing;
  }
}
