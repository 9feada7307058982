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
import { LakehouseApiRouter } from '../schema/openapi/generated';
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

/**
 * Registers the governance API of the lakehouse backend:
 *
 * - `GET /governance`: the governance report (`lakehouse.governance.read`);
 * - `GET /governance/classifications?entityRef=`: the classifications of an
 *   entity the user may see;
 * - `POST /governance/declassifications` and
 *   `DELETE /governance/declassifications?entityRef=&column=`: mark a column
 *   declassified and take that back (`lakehouse.classification.declassify`
 *   on the dataset), both audited.
 *
 * The router has checked parameters and bodies against the spec.
 */
export function registerGovernanceRoutes(
  router: LakehouseApiRouter,
  options: GovernanceRouterOptions,
): void {
  const { httpAuth, permissions, auditor, catalog } = options;

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
    const entityRef = parseFullRef(req.query.entityRef);
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

  router.post('/governance/declassifications', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { column } = req.body;
    const audit = await auditor.createEvent({
      eventId: 'governance-declassify',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: req.body.entityRef, column },
    });
    try {
      // The spec asks for a reason; a blank one says nothing either.
      const reason = req.body.reason.trim();
      if (!reason) {
        throw new InputError(
          'Invalid request: reason: reason is required: say why the column no longer holds the classified data, e.g. "sha256 of the e-mail address"',
        );
      }
      const entityRef = parseFullRef(req.body.entityRef);
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
        { column, reason },
        credentials.principal.userEntityRef,
      );
      await audit.success({ meta: { ...declassification } });
      res.status(201).json(declassification);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.delete('/governance/declassifications', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const audit = await auditor.createEvent({
      eventId: 'governance-reclassify',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: req.query.entityRef, column: req.query.column },
    });
    try {
      const entityRef = parseFullRef(req.query.entityRef);
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
        req.query.column,
      );
      await audit.success({ meta: { removed: { ...removed } } });
      res.status(204).end();
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });
}
