import type { HelmRelease, JsonObject } from '../load/model';
import { isObject } from '../load/model';
import { chartName } from '../schemas/helmValues';

/** A Service a Helm release creates. */
export interface ReleaseService {
  name: string;
  namespace: string;
  ports: number[];
  release: string;
}

/** A Secret key a Helm release's pods read, named in its values. */
export interface ReleaseSecretRef {
  secret: string;
  key?: string;
  /** The values field that names it, e.g. `storage.secret.name`. */
  field: string;
}

/** What infra-check knows of the objects each chart renders from its values. */
interface ChartKnowledge {
  services(release: HelmRelease): ReleaseService[];
  secretRefs(values: JsonObject): ReleaseSecretRef[];
  /** Fields of the chart's single container, for the pinning and resource rules. */
  container(values: JsonObject): { image?: string; resources?: unknown };
}

/** Helm's fullname: the release name when it contains the chart name, else `<release>-<chart>`. */
function fullname(release: HelmRelease): string {
  const chart = chartName(release.chart);
  return release.name.includes(chart)
    ? release.name
    : `${release.name}-${chart}`;
}

function ports(service: unknown, fallback: number): number[] {
  const list =
    isObject(service) && Array.isArray(service.ports) ? service.ports : [];
  const numbers = list
    .map(port => (isObject(port) ? port.port : undefined))
    .filter((port): port is number => typeof port === 'number');
  return numbers.length > 0 ? numbers : [fallback];
}

function get(values: JsonObject, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>(
      (node, part) => (isObject(node) ? node[part] : undefined),
      values,
    );
}

const CHARTS: Record<string, ChartKnowledge> = {
  // The Apache Polaris chart: Services <fullname> (catalog and management
  // APIs, 8181) and <fullname>-mgmt (health and metrics, 8182); Secrets of
  // persistence, storage and the token broker.
  polaris: {
    services: release => [
      {
        name: fullname(release),
        namespace: release.namespace,
        ports: ports(release.values?.service, 8181),
        release: release.name,
      },
      {
        name: `${fullname(release)}-mgmt`,
        namespace: release.namespace,
        ports: ports(release.values?.managementService, 8182),
        release: release.name,
      },
    ],
    secretRefs: values => {
      const refs: ReleaseSecretRef[] = [];
      const add = (nameField: string, keyFields: string[]) => {
        const secret = get(values, nameField);
        if (typeof secret !== 'string' || secret === '') return;
        const prefix = nameField.replace(/\.name$/, '');
        for (const keyField of keyFields) {
          const key = get(values, `${prefix}.${keyField}`);
          if (typeof key === 'string' && key !== '')
            refs.push({ secret, key, field: `${prefix}.${keyField}` });
        }
      };
      if (get(values, 'persistence.type') === 'relational-jdbc')
        add('persistence.relationalJdbc.secret.name', [
          'username',
          'password',
          'jdbcUrl',
        ]);
      add('storage.secret.name', ['awsAccessKeyId', 'awsSecretAccessKey']);
      const broker = get(values, 'authentication.tokenBroker.type');
      add(
        'authentication.tokenBroker.secret.name',
        broker === 'symmetric-key'
          ? ['symmetricKey.secretKey']
          : ['rsaKeyPair.publicKey', 'rsaKeyPair.privateKey'],
      );
      return refs;
    },
    container: values => ({
      image: [get(values, 'image.repository'), get(values, 'image.tag')]
        .filter(Boolean)
        .join(':'),
      resources: get(values, 'resources'),
    }),
  },
};

/** The chart knowledge of a release, if infra-check has any. */
export function chartKnowledge(
  release: HelmRelease,
): ChartKnowledge | undefined {
  return CHARTS[chartName(release.chart)];
}

/** Services every release with known chart creates. */
export function releaseServices(releases: HelmRelease[]): ReleaseService[] {
  return releases.flatMap(
    release => chartKnowledge(release)?.services(release) ?? [],
  );
}
