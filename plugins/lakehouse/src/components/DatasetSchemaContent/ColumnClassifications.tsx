import {
  ColumnClassification,
  Declassification,
} from '@internal/plugin-lakehouse-common';
import { Box, Button, Chip, Typography } from '@material-ui/core';
import { ClassificationChip } from '../ClassificationChip';

/** Properties of {@link ColumnClassifications}. */
export interface ColumnClassificationsProps {
  column: string;
  /** Tags of the column in the entity. */
  tags: string[];
  /** From the governance API; undefined while unknown (loading, failed). */
  classifications?: ColumnClassification[];
  declassification?: Declassification;
  /** The user may declassify columns of the dataset. */
  mayDeclassify: boolean;
  onDeclassify: (column: string, inherited: ColumnClassification[]) => void;
  onUndo: (column: string) => void;
}

/**
 * The classification cell of a column: declared and inherited
 * classifications, other tags, a declassification with its reason, and
 * for owners the Declassify action on inherited ones.
 */
export const ColumnClassifications = (props: ColumnClassificationsProps) => {
  const { classifications, declassification } = props;
  const declared = new Set(
    (classifications ?? [])
      .filter(c => c.origin === 'declared')
      .map(c => c.classification),
  );
  // Tags that are not classifications stay visible as they were.
  const otherTags = props.tags.filter(t => !declared.has(t));
  const inherited = (classifications ?? []).filter(
    c => c.origin === 'inherited',
  );

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 4 }}>
      {classifications?.map((c, i) => (
        <ClassificationChip key={i} classification={c} />
      ))}
      {otherTags.map(t => (
        <Chip key={t} label={t} size="small" />
      ))}
      {declassification && (
        <>
          <Chip size="small" variant="outlined" label="declassified" />
          <Typography variant="body2" component="span">
            {declassification.reason}
          </Typography>
          {props.mayDeclassify && (
            <Button
              size="small"
              aria-label={`Classify ${props.column} again`}
              onClick={() => props.onUndo(props.column)}
            >
              Undo
            </Button>
          )}
        </>
      )}
      {props.mayDeclassify && inherited.length > 0 && (
        <Button
          size="small"
          color="primary"
          variant="outlined"
          onClick={() => props.onDeclassify(props.column, inherited)}
        >
          Declassify
        </Button>
      )}
    </Box>
  );
};
