import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { MEDALLION_LAYERS } from '@internal/plugin-lakehouse-common';
import { Box, InputAdornment, TextField } from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import { ChangeEvent, useMemo } from 'react';
import {
  DatasetFilters,
  layerOf,
  ownersOf,
  sourcesOf,
  UNKNOWN_LAYER,
} from './filterDatasets';

interface Option {
  value: string;
  label: string;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

function ownerLabel(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
}

/** A native select: keyboard friendly and readable by screen readers. */
const FilterSelect = (props: {
  id: string;
  label: string;
  anyLabel: string;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
}) => (
  <TextField
    id={props.id}
    select
    label={props.label}
    value={props.value}
    onChange={(e: ChangeEvent<{ value: unknown }>) =>
      props.onChange(String(e.target.value))
    }
    SelectProps={{ native: true }}
    InputLabelProps={{ shrink: true }}
    variant="outlined"
    size="small"
    style={{ minWidth: 160 }}
  >
    <option value="">{props.anyLabel}</option>
    {props.options.map(o => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ))}
  </TextField>
);

/** Search box and layer, owner and source system filters of the dataset list. */
export const DatasetFilterBar = (props: {
  datasets: Entity[];
  filters: DatasetFilters;
  onChange: (filters: DatasetFilters) => void;
}) => {
  const { datasets, filters, onChange } = props;
  const options = useMemo(() => {
    const layers = new Set(datasets.map(layerOf));
    return {
      // Every medallion layer is offered, in lineage order; "unknown" only
      // when some dataset has no layer.
      layers: [...MEDALLION_LAYERS, UNKNOWN_LAYER]
        .filter(l => l !== UNKNOWN_LAYER || layers.has(l))
        .map(l => ({ value: l, label: l })),
      owners: distinct(datasets.flatMap(ownersOf)).map(ref => ({
        value: ref,
        label: ownerLabel(ref),
      })),
      sources: distinct(datasets.flatMap(sourcesOf)).map(s => ({
        value: s,
        label: s,
      })),
    };
  }, [datasets]);

  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
      <TextField
        id="lakehouse-dataset-search"
        type="search"
        label="Search datasets"
        placeholder="Name, table or description"
        value={filters.query}
        onChange={e => onChange({ ...filters, query: e.target.value })}
        variant="outlined"
        size="small"
        style={{ flex: '1 1 280px' }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
      />
      <FilterSelect
        id="lakehouse-dataset-layer"
        label="Layer"
        anyLabel="All layers"
        value={filters.layer}
        options={options.layers}
        onChange={layer => onChange({ ...filters, layer })}
      />
      <FilterSelect
        id="lakehouse-dataset-owner"
        label="Owner"
        anyLabel="All owners"
        value={filters.owner}
        options={options.owners}
        onChange={owner => onChange({ ...filters, owner })}
      />
      <FilterSelect
        id="lakehouse-dataset-source"
        label="Source system"
        anyLabel="All source systems"
        value={filters.source}
        options={options.sources}
        onChange={source => onChange({ ...filters, source })}
      />
    </Box>
  );
};
