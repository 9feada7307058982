import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Content, ContentHeader } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useSearchParams } from 'react-router-dom';
import { LineageExplorer } from '../LineageExplorer';
import { LineageEntityPicker } from './LineageEntityPicker';

/** Prefix of the ids of nodes only OpenLineage knows. */
const OPENLINEAGE_PREFIX = 'openlineage:';

/**
 * The start of the explorer from `?entityRef=`: an entity ref in its
 * canonical form, or the id of an OpenLineage node as it stands.
 */
export function parseStart(value: string | null): {
  entityRef?: string;
  name?: string;
  error?: string;
} {
  const raw = value?.trim();
  if (!raw) return {};
  if (raw.startsWith(OPENLINEAGE_PREFIX)) {
    return { entityRef: raw, name: raw.slice(raw.lastIndexOf('/') + 1) };
  }
  try {
    const ref = parseEntityRef(raw);
    return { entityRef: stringifyEntityRef(ref), name: ref.name };
  } catch (e) {
    return {
      error: `"${raw}" is not an entity ref (kind:namespace/name): ${
        (e as Error).message
      }`,
    };
  }
}

/**
 * The lineage explorer (`/lakehouse/lineage?entityRef=…`): the lineage of
 * one entity on the whole page, and a search for the entity to start from.
 */
export const LineagePage = () => {
  const [params, setParams] = useSearchParams();
  const start = parseStart(params.get('entityRef'));
  const pick = (entityRef: string) => setParams({ entityRef });

  return (
    <Content>
      <ContentHeader
        title={start.name ? `Lineage of ${start.name}` : 'Lineage explorer'}
      >
        <LineageEntityPicker onPick={pick} />
      </ContentHeader>
      {start.error && <Alert severity="error">{start.error}</Alert>}
      {start.entityRef ? (
        <LineageExplorer
          key={start.entityRef}
          entityRef={start.entityRef}
          graphHeight="calc(100vh - 340px)"
        />
      ) : (
        !start.error && (
          <Typography variant="body1" color="textSecondary">
            Pick a dataset, feature view, feature service, model or deployment
            to see where its data comes from and what depends on it, down to
            columns.
          </Typography>
        )
      )}
    </Content>
  );
};
