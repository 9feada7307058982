import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DatasetClassifications,
  lakehouseClassificationDeclassifyPermission,
  lakehouseGovernanceReadPermission,
} from '@internal/plugin-lakehouse-common';
import { ClassificationService } from './classification/ClassificationService';
import { DeclassificationService } from './declassification/DeclassificationService';
import { parseFullRef, refKey } from './entityFacts';
import { GovernanceReportService } from './report/GovernanceReportService';

/** What the governance routes use. */
export interface GovernanceRouterOptions {
  reports: GovernanceReportService;
  classifications: ClassificationService;
  declassifications: DeclassificationService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const entityQuery = z.object({
  entityRef: z.string().min(1, 'entityRef is required'),
});

const columnQuery = entityQuery.extend({
  column: z.string().min(1, 'column is required'),
});

const declassifyBody = z.object({
  entityRef: z.string().min(1, 'entityRef is required'),
  column: z.string().min(1, 'column is required'),
  reason: z
    .string({ required_error: 'reason is required' })
    .trim()
    .min(
      1,
      'reason is required: say why the column no longer holds the classified data, e.g. "sha256 of the e-mail address"',
    ),
});

function parse<T>(
  schema: z.ZodType<T, any, any>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

/**
 * The governance API of the lakehouse backend:
 *
 * - `GET /governance`: the governance report (`lakehouse.governance.read`);
 * - `GET /governance/classifications?entityRef=`: the classifications of an
 *   entity the user may see;
 * - `POST /governance/declassifications` and
 *   `DELETE /governance/declassifications?entityRef=&column=`: mark a column
 *   declassified and take that back (`lakehouse.classification.declassify`
 *   on the dataset), both audited.
 */
export function createGovernanceRouter(
  options: GovernanceRouterOptions,
): express.Router {
  const { httpAuth, permissions, auditor, catalog } = options;
  const router = Router();

  const requireAllowed = async (
    credentials: BackstageCredentials,
    request:
      | { permission: typeof lakehouseGovernanceReadPermission }
      | {
          permission: typeof lakehouseClassificationDeclassifyPermission;
          resourceRef: string;
        },
    refusal: string,
  ) => {
    const [decision] = await permissions.authorize([request], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
  };

  /** Leaves out of `classified` the entities the user may not see. */
  const visibleOnly = async (
    classified: DatasetClassifications,
    credentials: BackstageCredentials,
  ): Promise<DatasetClassifications> => {
    const refs = [
      ...new Set(
        [
          ...classified.flowsTo.map(f => f.entityRef),
          ...classified.classifications.flatMap(c =>
            (c.from ?? []).map(f => f.entityRef),
          ),
        ].filter(ref => !ref.startsWith('openlineage:')),
      ),
    ];
    const visible = new Set<string>();
    if (refs.length) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      items.forEach((item, i) => item && visible.add(refKey(refs[i])));
    }
    const shown = (ref: string) =>
      ref.startsWith('openlineage:') || visible.has(refKey(ref));
    return {
      ...classified,
      classifications: classified.classifications.map(c =>
        c.from ? { ...c, from: c.from.filter(f => shown(f.entityRef)) } : c,
      ),
      flowsTo: classified.flowsTo.filter(f => shown(f.entityRef)),
    };
  };

  router.get('/governance', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requireAllowed(
      credentials,
      { permission: lakehouseGovernanceReadPermission },
      'You are not allowed to see the governance report (lakehouse.governance.read)',
    );
    res.json(await options.reports.report(credentials));
  });

  router.get('/governance/classifications', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(entityQuery, req.query, 'query');
    const entityRef = parseFullRef(query.entityRef);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const classified = await options.classifications.classificationsOf(
      entityRef,
      entity,
    );
    res.json(await visibleOnly(classified, credentials));
  });

  router.post(
    '/governance/declassifications',
    express.json({ limit: '16kb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const audit = await auditor.createEvent({
        eventId: 'governance-declassify',
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef: req.body?.entityRef,
          column: req.body?.column,
        },
      });
      try {
        const body = parse(declassifyBody, req.body, 'request');
        const entityRef = parseFullRef(body.entityRef);
        const dataset = await options.declassifications.datasetFor(
          entityRef,
          credentials,
        );
        await requireAllowed(
          credentials,
          {
            permission: lakehouseClassificationDeclassifyPermission,
            resourceRef: entityRef,
          },
          `You are not allowed to declassify columns of ${entityRef} (lakehouse.classification.declassify): ask its owners`,
        );
        const declassification = await options.declassifications.declassify(
          dataset,
          body,
          credentials.principal.userEntityRef,
        );
        await audit.success({ meta: { ...declassification } });
        res.status(201).json(declassification);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  );

  router.delete('/governance/declassifications', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const audit = await auditor.createEvent({
      eventId: 'governance-reclassify',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: req.query.entityRef, column: req.query.column },
    });
    try {
      const query = parse(columnQuery, req.query, 'query');
      const entityRef = parseFullRef(query.entityRef);
      const dataset = await options.declassifications.datasetFor(
        entityRef,
        credentials,
      );
      await requireAllowed(
        credentials,
        {
          permission: lakehouseClassificationDeclassifyPermission,
          resourceRef: entityRef,
        },
        `You are not allowed to change the declassified columns of ${entityRef} (lakehouse.classification.declassify): ask its owners`,
      );
      const removed = await options.declassifications.reclassify(
        dataset,
        query.column,
      );
      await audit.success({ meta: { removed: { ...removed } } });
      res.status(204).end();
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
