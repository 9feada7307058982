import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ClassifiedDatasetEntry,
  ColumnClassification,
} from '@internal/plugin-lakehouse-common';
import { Box, Chip, Typography } from '@material-ui/core';
import { columnName } from '../../governance';
import { GovernanceTable } from './GovernanceTable';
import { OwnerLink } from './OwnerLink';

/** A link to a column of a dataset, named `dataset.column`. */
const ColumnLink = (props: { entityRef: string; column?: string }) => (
  <EntityRefLink entityRef={props.entityRef} title={columnName(props)} />
);

/** Links separated by commas. */
function joined(items: JSX.Element[]) {
  return items.flatMap((item, i) =>
    i === 0 ? [item] : [<span key={`separator-${i}`}>, </span>, item],
  );
}

/** What an owner can do about a classified dataset. */
function fixOf(entry: ClassifiedDatasetEntry): string {
  if (!entry.owner) {
    return 'Give the dataset an owner (spec.owner): without one nobody can approve access to it.';
  }
  if (entry.classifications.some(c => c.origin === 'inherited')) {
    return 'If a derived column no longer carries the data (hashed, aggregated), declassify it with a reason on the Schema tab.';
  }
  return 'Nothing to fix: its owners decide who may read it.';
}

const Classification = ({ c }: { c: ColumnClassification }) => (
  <Box component="li" style={{ marginBottom: 4 }}>
    <code>{c.column ?? 'whole dataset'}</code>{' '}
    <Chip size="small" color="secondary" label={c.classification} />{' '}
    <Chip
      size="small"
      variant="outlined"
      label={c.origin === 'inherited' ? 'inherited' : 'declared'}
    />
    {c.origin === 'inherited' && c.from && c.from.length > 0 && (
      <Typography variant="body2" component="span">
        {' '}
        from{' '}
        {joined(
          c.from.map(f => (
            <ColumnLink
              key={`${f.entityRef}.${f.column}`}
              entityRef={f.entityRef}
              column={f.column}
            />
          )),
        )}
      </Typography>
    )}
  </Box>
);

const list = { margin: 0, paddingLeft: 16 };

/**
 * Every dataset holding classified data: which columns, declared or
 * inherited through column lineage and from where, where the data flows
 * and which columns an owner declassified, and why.
 */
export const ClassifiedDataSection = ({
  entries,
}: {
  entries: ClassifiedDatasetEntry[];
}) => (
  <GovernanceTable
    title="Classified data"
    subheader="Columns declared classified, and columns derived directly from them"
    rows={entries}
    rowKey={e => e.entityRef}
    empty="No dataset holds classified data: no column is classified or derived from a classified column."
    columns={[
      {
        title: 'Dataset',
        render: e => <EntityRefLink entityRef={e.entityRef} title={e.title} />,
      },
      { title: 'Owner', render: e => <OwnerLink owner={e.owner} /> },
      {
        title: 'Classifications',
        render: e => (
          <ul style={list} aria-label={`Classifications of ${e.title}`}>
            {e.classifications.map((c, i) => (
              <Classification key={i} c={c} />
            ))}
          </ul>
        ),
      },
      {
        title: 'Flows to',
        render: e =>
          e.flowsTo.length === 0
            ? 'nowhere downstream'
            : joined(
                e.flowsTo.map(f => (
                  <ColumnLink
                    key={`${f.entityRef}.${f.column ?? ''}`}
                    entityRef={f.entityRef}
                    column={f.column}
                  />
                )),
              ),
      },
      {
        title: 'Declassified',
        render: e =>
          e.declassified.length === 0 ? (
            '—'
          ) : (
            <ul style={list}>
              {e.declassified.map(d => (
                <li key={d.column}>
                  <code>{d.column}</code>: {d.reason}{' '}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="span"
                  >
                    (by <EntityRefLink entityRef={d.by} defaultKind="user" />)
                  </Typography>
                </li>
              ))}
            </ul>
          ),
      },
      { title: 'Fix', render: fixOf },
    ]}
  />
);
