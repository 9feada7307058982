import { ColumnClassification } from '@internal/plugin-lakehouse-common';
import { Chip } from '@material-ui/core';
import { describeClassification } from '../../governance';

/**
 * A classification of a column: filled when declared on the column itself,
 * outlined when inherited through column lineage, saying from where.
 */
export const ClassificationChip = ({
  classification,
}: {
  classification: ColumnClassification;
}) => (
  <Chip
    size="small"
    color="secondary"
    variant={classification.origin === 'inherited' ? 'outlined' : 'default'}
    label={describeClassification(classification)}
    style={{ margin: 2, maxWidth: '100%' }}
  />
);
