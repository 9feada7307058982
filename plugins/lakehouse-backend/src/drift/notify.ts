import { parseEntityRef } from '@backstage/catalog-model';
import { DriftReport } from '@internal/plugin-lakehouse-common';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';

const format = (value: number) =>
  Math.abs(value) >= 0.01 || value === 0
    ? value.toFixed(3).replace(/\.?0+$/, '')
    : value.toExponential(2);

/** The path of an entity's Drift tab in the app. */
export function driftTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/drift`;
}

/**
 * A monitor starts drifting when a run finds drift and the run before that
 * compared the data without finding any (or there was none): owners hear of
 * it once, not every hour while it lasts. Failed runs never count as drift.
 */
export function startsDrifting(
  report: DriftReport,
  previous: DriftReport | undefined,
): boolean {
  return report.status === 'ok' && report.drifted && !previous?.drifted;
}

/** The notification to the owners of a monitored entity that drifted. */
export function driftNotification(
  report: DriftReport,
  ownerRef: string,
  entityTitle: string,
): NotificationSendOptions {
  const drifted = report.features.filter(f => f.drifted);
  const details = drifted
    .slice(0, 5)
    .map(
      f => `${f.name} (${f.test} ${format(f.value)} > ${format(f.threshold)})`,
    )
    .join(', ');
  return {
    recipients: { type: 'entity', entityRef: ownerRef },
    payload: {
      title: `Drift in ${entityTitle}: ${drifted.map(f => f.name).join(', ')}`,
      description: `Drift monitor ${report.monitorId} found drift in ${
        drifted.length
      } of ${report.features.length} features: ${details}${
        drifted.length > 5 ? ', …' : ''
      }. Current data: ${report.current.rows} rows; reference: ${
        report.reference.rows
      } rows.`,
      link: driftTabPath(report.entityRef),
      severity: 'high',
      topic: `drift:${report.monitorId}`,
      scope: `drift:${report.monitorId}:${report.id}`,
    },
  };
}
