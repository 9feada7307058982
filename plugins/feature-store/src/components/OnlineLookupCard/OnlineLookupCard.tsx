import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  EntityKeyValue,
  featureStoreOnlineReadPermission,
} from '@internal/plugin-feature-store-common';
import { isFeatureService } from '@internal/plugin-lakehouse-common';
import { useCatalogEntities } from '@internal/plugin-lakehouse-react';
import { Box, Button, Grid, TextField, Typography } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { Alert, AlertTitle } from '@material-ui/lab';
import { FormEvent, useId, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { featureStoreApiRef } from '../../api';
import {
  getEntityKeys,
  getFeatures,
  getOnDemandSources,
  getProjectionRef,
  getProjections,
  getViewKind,
  isServedOnline,
} from '../../featureStore';
import { checkRowCounts, parseKeyValues } from './entityKeyValues';
import { LookupResultTable } from './LookupResultTable';

/** One input of the lookup form: a join key, or a field of request data. */
export interface LookupInput {
  name: string;
  valueType?: string;
  /** The Feast entity the join key identifies. */
  entity?: string;
  /** A field of an on-demand view's request data rather than a join key. */
  requestData?: boolean;
}

type Subject = 'feature view' | 'feature service';

/** The join keys of a view, then the request data its on-demand transformation reads. */
function inputsOf(view: Entity): LookupInput[] {
  const inputs: LookupInput[] = getEntityKeys(view).map(k => ({
    name: k.joinKey,
    valueType: k.valueType,
    entity: k.entity,
  }));
  if (getViewKind(view) === 'on-demand') {
    for (const source of getOnDemandSources(view)) {
      if (source.kind !== 'request-source') continue;
      for (const field of source.fields ?? []) {
        inputs.push({ name: field, requestData: true });
      }
    }
  }
  return inputs;
}

function uniqueInputs(inputs: LookupInput[]): LookupInput[] {
  const seen = new Map<string, LookupInput>();
  for (const input of inputs) {
    if (!seen.has(input.name)) seen.set(input.name, input);
  }
  return [...seen.values()];
}

function helperText(input: LookupInput): string {
  const what = input.requestData
    ? 'request data'
    : `join key of ${input.entity ?? 'the entity'}`;
  return input.valueType ? `${what} · ${input.valueType}` : what;
}

/** The message the feature store backend gave, else the error's own. */
function messageOf(error: Error): string {
  const body = (error as { body?: { error?: { message?: unknown } } }).body;
  const message = body?.error?.message;
  return typeof message === 'string' && message ? message : error.message;
}

const LookupError = ({
  error,
  subject,
}: {
  error: Error;
  subject: Subject;
}) => {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 403) {
    return (
      <Alert severity="warning" role="alert">
        <AlertTitle>
          You are not allowed to read the online values of this {subject}
        </AlertTitle>
        The feature store backend said: {messageOf(error)}
      </Alert>
    );
  }
  return (
    <Alert severity="error" role="alert">
      <AlertTitle>The lookup failed{status ? ` (${status})` : ''}</AlertTitle>
      {messageOf(error)}
    </Alert>
  );
};

const NoInputs = ({ subject }: { subject: Subject }) => (
  <Typography variant="body2">
    The join keys of this {subject} are not recorded, so its online values
    cannot be looked up here. The Feast provider (catalog.providers.feast)
    records every feature view's entities and join keys from the registry; a
    feature view declared in YAML needs <code>spec.entityKeys</code>.
  </Typography>
);

/**
 * The lookup form: one field per join key, the features to read (views
 * only), and the values the feature server returned.
 */
const LookupForm = (props: {
  entity: Entity;
  subject: Subject;
  inputs: LookupInput[];
  featureNames?: string[];
  /** Why the lookup cannot run, e.g. the view is not served online. */
  blocked?: string;
}) => {
  const { entity, subject, inputs, featureNames = [], blocked } = props;
  const api = useApi(featureStoreApiRef);
  const entityRef = stringifyEntityRef(entity);
  const permission = usePermission({
    permission: featureStoreOnlineReadPermission,
    resourceRef: entityRef,
  });
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [formProblem, setFormProblem] = useState<string>();
  const id = useId();
  const deniedId = `${id}-denied`;
  const blockedId = `${id}-blocked`;
  const [lookup, run] = useAsyncFn(
    (entities: Record<string, EntityKeyValue[]>, features?: string[]) =>
      api.getOnlineFeatures({ entityRef, entities, features }),
    [api, entityRef],
  );

  const denied = !permission.loading && !permission.allowed;
  const disabled =
    permission.loading || denied || Boolean(blocked) || lookup.loading;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const entities: Record<string, EntityKeyValue[]> = {};
    const found: Record<string, string> = {};
    for (const input of inputs) {
      const parsed = parseKeyValues(typed[input.name] ?? '', {
        joinKey: input.name,
        valueType: input.valueType,
      });
      if (parsed.error !== undefined) found[input.name] = parsed.error;
      else entities[input.name] = parsed.values;
    }
    setProblems(found);
    const countProblem =
      Object.keys(found).length === 0 ? checkRowCounts(entities) : undefined;
    setFormProblem(countProblem);
    if (Object.keys(found).length > 0 || countProblem) return;
    run(
      entities,
      subject === 'feature view' && selected.length > 0 ? selected : undefined,
    );
  };

  return (
    <>
      {denied && (
        <Box mb={2}>
          <Alert severity="warning" id={deniedId}>
            <AlertTitle>
              You are not allowed to look up online values
            </AlertTitle>
            Reading the values of this {subject} from the Feast online store
            needs the permission{' '}
            <code>{featureStoreOnlineReadPermission.name}</code> on{' '}
            <code>{entityRef}</code>. Ask its owner or a portal administrator
            for access.
          </Alert>
        </Box>
      )}
      {blocked && (
        <Box mb={2}>
          <Alert severity="info" id={blockedId}>
            {blocked}
          </Alert>
        </Box>
      )}
      <form onSubmit={onSubmit} aria-label="Online lookup">
        <Grid container spacing={2} alignItems="flex-start">
          {inputs.map(input => (
            <Grid item xs={12} sm={6} md={4} key={input.name}>
              <TextField
                id={`${id}-key-${input.name}`}
                label={input.name}
                value={typed[input.name] ?? ''}
                onChange={e =>
                  setTyped(t => ({ ...t, [input.name]: e.target.value }))
                }
                error={Boolean(problems[input.name])}
                helperText={problems[input.name] ?? helperText(input)}
                disabled={denied}
                placeholder="e.g. 1001, 1002"
                variant="outlined"
                size="small"
                fullWidth
              />
            </Grid>
          ))}
          {subject === 'feature view' && featureNames.length > 0 && (
            <Grid item xs={12} md={8}>
              <Autocomplete
                id={`${id}-features`}
                multiple
                size="small"
                options={featureNames}
                value={selected}
                onChange={(_, value) => setSelected(value)}
                disabled={denied}
                renderInput={params => (
                  <TextField
                    {...params}
                    label="Features to read"
                    helperText="All features of the view when none are chosen"
                    variant="outlined"
                  />
                )}
              />
            </Grid>
          )}
        </Grid>
        <Typography variant="caption" color="textSecondary" component="p">
          Separate several values with commas to look up several entities at
          once; each position is one entity.
        </Typography>
        {formProblem && (
          <Typography variant="body2" color="error" role="alert">
            {formProblem}
          </Typography>
        )}
        <Box mt={1}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={disabled}
            aria-describedby={
              [denied && deniedId, blocked && blockedId]
                .filter(Boolean)
                .join(' ') || undefined
            }
          >
            Look up
          </Button>
        </Box>
      </form>
      {lookup.loading && <Progress aria-label="Reading online values" />}
      {!lookup.loading && lookup.error && (
        <Box mt={2}>
          <LookupError error={lookup.error} subject={subject} />
        </Box>
      )}
      {!lookup.loading && lookup.value && (
        <LookupResultTable result={lookup.value} />
      )}
    </>
  );
};

const ViewLookup = ({ entity }: { entity: Entity }) => {
  const inputs = uniqueInputs(inputsOf(entity));
  if (inputs.length === 0) return <NoInputs subject="feature view" />;
  return (
    <LookupForm
      entity={entity}
      subject="feature view"
      inputs={inputs}
      featureNames={getFeatures(entity).map(f => f.name)}
      blocked={
        isServedOnline(entity)
          ? undefined
          : 'This feature view is not served online (online: false): Feast keeps its values in the offline store only, so there is nothing to look up.'
      }
    />
  );
};

/** A feature service is looked up by the join keys of all the views it selects. */
const ServiceLookup = ({ entity }: { entity: Entity }) => {
  const refs = getProjections(entity)
    .map(p => getProjectionRef(entity, p))
    .filter((r): r is string => Boolean(r));
  const { loading, error, entities } = useCatalogEntities(refs, [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'spec.viewKind',
    'spec.entityKeys',
    'spec.sources',
  ]);
  if (loading) {
    return <Progress aria-label="Loading the join keys of the feature views" />;
  }
  if (error) {
    return (
      <ResponseErrorPanel
        title="Could not read the selected feature views from the catalog"
        error={error}
      />
    );
  }
  const views = [...entities.values()].filter((v): v is Entity => Boolean(v));
  const inputs = uniqueInputs(views.flatMap(inputsOf));
  if (inputs.length === 0) return <NoInputs subject="feature service" />;
  return (
    <LookupForm entity={entity} subject="feature service" inputs={inputs} />
  );
};

/**
 * Reads the current values of a feature view's or feature service's
 * features from the Feast online store, for entities the user names by
 * their join keys, through the feature store backend (which checks
 * `feature-store.online-features.read` on the entity and audits the read).
 */
export const OnlineLookupCard = () => {
  const { entity } = useEntity();
  const service = isFeatureService(entity);
  return (
    <InfoCard
      title="Online lookup"
      subheader={`Current values from the Feast online store, by ${
        service ? 'the join keys of the selected views' : 'join key'
      }`}
      titleTypographyProps={{ component: 'h2' }}
    >
      {service ? (
        <ServiceLookup entity={entity} />
      ) : (
        <ViewLookup entity={entity} />
      )}
    </InfoCard>
  );
};
