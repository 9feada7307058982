import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { TextField } from '@material-ui/core';
import { Autocomplete } from '@material-ui/lab';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { nodeTypeLabel } from '../LineageGraphView/nodeCategory';

/** The entities that have a lineage tab. */
const LINEAGE_ENTITIES = [
  {
    kind: 'Resource',
    'spec.type': ['dataset', 'feature-view', 'feature-service', 'ai-model'],
  },
  { kind: 'Component', 'spec.type': 'model-server' },
];

const label = (entity: Entity) =>
  `${entity.metadata.title ?? entity.metadata.name} (${nodeTypeLabel({
    entityRef: 'catalog',
    type: entity.spec?.type as string | undefined,
  })})`;

/**
 * Finds a dataset, feature view, feature service, model or deployment by
 * name in the catalog, as the user types, to start the explorer from.
 */
export const LineageEntityPicker = (props: {
  onPick(entityRef: string): void;
}) => {
  const catalogApi = useApi(catalogApiRef);
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  useDebounce(() => setTerm(input.trim()), 250, [input]);
  const options = useAsync(async () => {
    const { items } = await catalogApi.queryEntities({
      filter: LINEAGE_ENTITIES,
      fullTextFilter: term
        ? { term, fields: ['metadata.name', 'metadata.title'] }
        : undefined,
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: 20,
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'spec.type',
      ],
    });
    return items;
  }, [catalogApi, term]);

  return (
    <Autocomplete<Entity>
      options={options.value ?? []}
      loading={options.loading}
      filterOptions={all => all}
      getOptionLabel={label}
      getOptionSelected={(a, b) =>
        stringifyEntityRef(a) === stringifyEntityRef(b)
      }
      inputValue={input}
      onInputChange={(_event, value) => setInput(value)}
      onChange={(_event, entity) => {
        if (entity) props.onPick(stringifyEntityRef(entity));
      }}
      style={{ maxWidth: 480 }}
      renderInput={params => (
        <TextField
          {...params}
          label="Entity"
          variant="outlined"
          helperText={
            options.error
              ? `The catalog could not be searched: ${options.error.message}`
              : 'A dataset, feature view, feature service, model or deployment'
          }
          error={!!options.error}
        />
      )}
    />
  );
};
