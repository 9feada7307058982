import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkInfra } from './checkInfra';
import { formatProblem } from './problems';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const infraDir = path.join(repoRoot, 'infra');

// The first run builds the portal's configuration schema with backstage-cli.
jest.setTimeout(120_000);

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Edit {
  /** Path inside infra/. */
  file: string;
  from: string;
  to: string;
}

/** A copy of infra/ with the edits made; each edit must find its text. */
function infraWith(...edits: Edit[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-check-test-'));
  tempDirs.push(dir);
  const copy = path.join(dir, 'infra');
  fs.cpSync(infraDir, copy, {
    recursive: true,
    // Filled-in secrets of a developer's working copy stay out.
    filter: source =>
      !/[/\\]secrets[/\\][^/\\]+\.ya?ml$/.test(path.relative(infraDir, source)),
  });
  for (const { file, from, to } of edits) {
    const target = path.join(copy, file);
    const text = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (from !== '' && !text.includes(from)) {
      throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
    }
    fs.writeFileSync(target, from === '' ? to : text.replace(from, to));
  }
  return copy;
}

function problemsOf(dir: string, guides?: { setup?: string }): string[] {
  return checkInfra({
    infraDir: dir,
    repoRoot,
    setupGuide: guides?.setup,
  }).map(formatProblem);
}

describe('checkInfra', () => {
  it('finds nothing wrong with the committed infra/ and guides', () => {
    expect(problemsOf(infraDir)).toEqual([]);
  });

  it('names a Service that does not exist in a URL', () => {
    const dir = infraWith({
      file: 'trino/catalog/lakehouse.properties',
      from: 'iceberg.rest-catalog.uri=http://polaris.lakehouse',
      to: 'iceberg.rest-catalog.uri=http://polaris-api.lakehouse',
    });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(
        /^infra\/trino\/catalog\/lakehouse\.properties: line \d+: polaris-api\.lakehouse\.svc\.cluster\.local:8181 names Service polaris-api in namespace lakehouse, which no manifest or Helm release defines \(Services there: .*polaris, polaris-mgmt.*\)$/,
      ),
    ]);
  });

  it('names a port the Service does not have', () => {
    const dir = infraWith({
      file: 'portal/app-config.production.yaml',
      from: 'feast-feature-server.lakehouse.svc.cluster.local:6566',
      to: 'feast-feature-server.lakehouse.svc.cluster.local:6567',
    });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(
        /^infra\/portal\/app-config\.production\.yaml: line \d+: feast-feature-server\.lakehouse\.svc\.cluster\.local:6567 names port 6567 of Service feast-feature-server, which has port 6566 \(infra\/feast\/feast\.yaml\)$/,
      ),
    ]);
  });

  it('names a Secret key that is not there', () => {
    const dir = infraWith({
      file: 'trino/workers.yaml',
      from: '{ name: polaris-trino-credentials, key: clientSecret }',
      to: '{ name: polaris-trino-credentials, key: client-secret }',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/trino/workers.yaml: Deployment trino-worker: container trino, env POLARIS_CLIENT_SECRET: reads key client-secret of Secret polaris-trino-credentials, which has only clientId, clientSecret (declared in infra/polaris/catalog-bootstrap.yaml (Job polaris-bootstrap-catalog))',
    ]);
  });

  it('names a key missing from a secret template, for every reader', () => {
    const dir = infraWith({
      file: 'secrets/postgres.yaml.example',
      from: '  password: GENERATE:mlflow-db\n',
      to: '',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/mlflow/mlflow.yaml: Deployment mlflow: container mlflow, env DB_PASSWORD: reads key password of Secret mlflow-db, which has only username (declared in infra/secrets/postgres.yaml.example)',
      'infra/postgres/postgres.yaml: StatefulSet postgres: container postgres, env MLFLOW_DB_PASSWORD: reads key password of Secret mlflow-db, which has only username (declared in infra/secrets/postgres.yaml.example)',
    ]);
  });

  it('names an invalid field of the InferenceService', () => {
    const dir = infraWith({
      file: 'serving/customer-churn.yaml',
      from: '      storageUri:',
      to: '      storageURI:',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/serving/customer-churn.yaml: InferenceService customer-churn: spec.predictor.model.storageURI: unknown field (the CRD does not declare it)',
    ]);
  });

  it('names the service account of the InferenceService when it does not exist', () => {
    const dir = infraWith({
      file: 'serving/customer-churn.yaml',
      from: '    serviceAccountName: model-reader',
      to: '    serviceAccountName: model-reader-sa',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/serving/customer-churn.yaml: InferenceService customer-churn: predictor runs as service account model-reader-sa, which no manifest of namespace ml-serving declares',
    ]);
  });

  it('names a field of the InferenceService with the wrong type', () => {
    const dir = infraWith({
      file: 'serving/customer-churn.yaml',
      from: '    serviceAccountName: model-reader',
      to: '    serviceAccountName: model-reader\n    minReplicas: one',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/serving/customer-churn.yaml: InferenceService customer-churn: spec.predictor.minReplicas: Invalid value: "string": spec.predictor.minReplicas in body must be of type integer: "string"',
    ]);
  });

  it('names an unknown key of the production app-config', () => {
    const dir = infraWith({
      file: 'portal/app-config.production.yaml',
      from: '    featureServerUrl: http',
      to: '    featureServerURL: http',
    });
    expect(problemsOf(dir)).toEqual([
      "infra/portal/app-config.production.yaml: lakehouse.feast.featureServerURL is not a key of the portal's configuration schema",
      'infra/portal/app-config.production.yaml: lakehouse.feast.featureServerUrl is not set: online lookups on feature view pages answer 503',
    ]);
  });

  it('names an unknown key of a cluster without the complaints of other cluster kinds', () => {
    const dir = infraWith({
      file: 'portal/app-config.production.yaml',
      from: '          caFile: ',
      to: '          caFiles: ',
    });
    expect(problemsOf(dir)).toEqual([
      "infra/portal/app-config.production.yaml: kubernetes.clusterLocatorMethods[0].clusters[0].caFiles is not a key of the portal's configuration schema",
    ]);
  });

  it('names a KServe provider whose cluster is not configured', () => {
    const dir = infraWith({
      file: 'portal/app-config.production.yaml',
      from: '        cluster: lakehouse',
      to: '        cluster: serving',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/portal/app-config.production.yaml: catalog.providers.kserve.platform.cluster is serving, which is not a cluster of kubernetes.clusterLocatorMethods (lakehouse)',
    ]);
  });

  it('names a Polaris values field of the wrong type', () => {
    const dir = infraWith({
      file: 'polaris/values.yaml',
      from: '  realms: [POLARIS]',
      to: '  realms: POLARIS',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/polaris/values.yaml: Helm release polaris (chart polaris/polaris 1.7.0): realmContext.realms must be array',
    ]);
  });

  it('names a Secret the Polaris values read that does not exist', () => {
    const dir = infraWith({
      file: 'polaris/values.yaml',
      from: '    name: minio-lakehouse',
      to: '    name: minio-polaris',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/polaris/values.yaml: Helm release polaris: storage.secret.awsAccessKeyId: reads Secret minio-polaris, which no manifest, infra/secrets/ template or Job of namespace lakehouse declares',
      'infra/polaris/values.yaml: Helm release polaris: storage.secret.awsSecretAccessKey: reads Secret minio-polaris, which no manifest, infra/secrets/ template or Job of namespace lakehouse declares',
    ]);
  });

  it('names a Service whose selector matches no pods', () => {
    const dir = infraWith({
      file: 'redis/redis.yaml',
      from: 'spec:\n  selector:\n    app.kubernetes.io/name: redis',
      to: 'spec:\n  selector:\n    app.kubernetes.io/name: redis-server',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/redis/redis.yaml: Service redis: selects app.kubernetes.io/name=redis-server, but no workload has those labels',
    ]);
  });

  it('names a target port no container has', () => {
    const dir = infraWith({
      file: 'mlflow/mlflow.yaml',
      from: '      targetPort: http',
      to: '      targetPort: web',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/mlflow/mlflow.yaml: Service mlflow: port http targets the port named web, but no container of Deployment mlflow has it',
    ]);
  });

  it('names a mounted configuration file key the ConfigMap lacks', () => {
    const dir = infraWith({
      file: 'trino/coordinator.yaml',
      from: 'subPath: rules.json',
      to: 'subPath: rule.json',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/trino/coordinator.yaml: Deployment trino-coordinator: container trino, mount of rule.json at /etc/trino/rules.json: reads key rule.json of ConfigMap trino-common, which has only node.properties, access-control.properties, rules.json, group-provider.properties, groups.txt',
    ]);
  });

  it('names an environment variable a mounted file uses but the container lacks', () => {
    const dir = infraWith({
      file: 'feast/feature_store.yaml',
      from: 'password=${REDIS_PASSWORD}',
      to: 'password=${REDIS_PASS}',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/feast/feature_store.yaml: Deployment feast-registry: ${REDIS_PASS} is not set in container registry, which mounts this file',
      'infra/feast/feature_store.yaml: Deployment feast-feature-server: ${REDIS_PASS} is not set in container feature-server, which mounts this file',
    ]);
  });

  it('names an unpinned image and a missing probe', () => {
    const dir = infraWith(
      {
        file: 'redis/redis.yaml',
        from: 'image: redis:7.4.5',
        to: 'image: redis:latest',
      },
      {
        file: 'mlflow/mlflow.yaml',
        from: '          livenessProbe:',
        to: '          livenessProbes:',
      },
    );
    expect(problemsOf(dir)).toEqual([
      'infra/mlflow/mlflow.yaml: Deployment mlflow: container mlflow: has no livenessProbe',
      'infra/redis/redis.yaml: Deployment redis: container redis: image redis:latest uses latest: pin a version',
    ]);
  });

  it('names a file that does not parse, and one nothing applies', () => {
    const dir = infraWith(
      {
        file: 'redis/redis.yaml',
        from: '  ports:\n',
        to: '  ports:\n   - [\n',
      },
      {
        file: 'trino/extra-worker.yaml',
        from: '',
        to: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: lakehouse\n',
      },
    );
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^infra\/redis\/redis\.yaml: does not parse as YAML: line \d+: /,
      ),
    );
    expect(problems).toContainEqual(
      'infra/trino/extra-worker.yaml: is not applied by any kustomization, generated into a ConfigMap or used as Helm values: nothing deploys it',
    );
  });

  it('names a setup guide that installs a chart version other than the pinned one', () => {
    const dir = infraWith();
    const guide = path.join(path.dirname(dir), 'setup.md');
    fs.writeFileSync(
      guide,
      fs
        .readFileSync(
          path.join(repoRoot, 'learning/docs/platform/setup.md'),
          'utf8',
        )
        .replace(
          'polaris/polaris --version 1.7.0',
          'polaris/polaris --version 1.6.0',
        )
        .replace('-t lakehouse/mlflow:3.18.0', '-t lakehouse/mlflow:3.17.0'),
    );
    const problems = checkInfra({ infraDir: dir, repoRoot, setupGuide: guide })
      .filter(problem => problem.file.endsWith('setup.md'))
      .map(problem => problem.message);
    expect(problems).toEqual([
      'installs polaris without --version 1.7.0, the version infra/helm-releases.yaml pins',
      'never builds image lakehouse/mlflow:3.18.0, which the manifests run (docker build ... -t lakehouse/mlflow:3.18.0)',
    ]);
  });

  it('names a variable of args that the container does not set', () => {
    const dir = infraWith({
      file: 'polaris/realm-bootstrap-job.yaml',
      from: '            - name: ROOT_CLIENT_ID\n',
      to: '            - name: ROOT_ID\n',
    });
    expect(problemsOf(dir)).toEqual([
      'infra/polaris/realm-bootstrap-job.yaml: Job polaris-bootstrap-realm: container admin-tool: args uses $(ROOT_CLIENT_ID), which is not in its env, so Kubernetes passes it on unexpanded',
    ]);
  });

  it('names a teardown guide that forgets a data volume', () => {
    const dir = infraWith();
    const guide = path.join(path.dirname(dir), 'teardown.md');
    fs.writeFileSync(
      guide,
      fs
        .readFileSync(
          path.join(repoRoot, 'learning/docs/platform/teardown.md'),
          'utf8',
        )
        .replaceAll('data-minio-0', 'minio-data'),
    );
    const problems = checkInfra({
      infraDir: dir,
      repoRoot,
      teardownGuide: guide,
    })
      .filter(problem => problem.file.endsWith('teardown.md'))
      .map(problem => problem.message);
    expect(problems).toEqual([
      'never names PersistentVolumeClaim data-minio-0 of StatefulSet minio, which outlives the StatefulSet and holds its data',
    ]);
  });
});
