/*
 * Examples shown for kubernetes:apply in the scaffolder's installed-actions page.
 */
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const inferenceServiceManifest = `apiVersion: v1
kind: Secret
metadata:
  name: minio-credentials
  annotations:
    serving.kserve.io/s3-endpoint: minio:9000
    serving.kserve.io/s3-usehttps: "0"
stringData:
  AWS_ACCESS_KEY_ID: \${{ secrets.minioAccessKey }}
  AWS_SECRET_ACCESS_KEY: \${{ secrets.minioSecretKey }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: \${{ parameters.name }}-sa
secrets:
  - name: minio-credentials
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: \${{ parameters.name }}
spec:
  predictor:
    serviceAccountName: \${{ parameters.name }}-sa
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://models/\${{ parameters.name }}/v1
`;

export const examples: TemplateExample[] = [
  {
    description:
      'Deploy a model: a MinIO credentials Secret, a ServiceAccount and a KServe InferenceService',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy-model',
          action: 'kubernetes:apply',
          name: 'Deploy the model to KServe',
          input: {
            cluster: 'lakehouse-dev',
            namespace: 'ml-serving',
            manifest: inferenceServiceManifest,
          },
        },
      ],
    }),
  },
  {
    description:
      'Apply a manifest rendered by an earlier step, as a dedicated field manager',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:template',
          name: 'Render the serving manifest',
          input: {
            url: './skeleton',
            values: { name: '${{ parameters.name }}' },
          },
        },
        {
          id: 'apply',
          action: 'kubernetes:apply',
          name: 'Apply to the production cluster',
          input: {
            cluster: 'lakehouse-prod',
            namespace: 'ml-serving',
            fieldManager: 'model-release-template',
            manifest: '${{ steps.fetch.output.manifest }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Apply a single object given as an object rather than YAML',
    example: yaml.stringify({
      steps: [
        {
          id: 'service-account',
          action: 'kubernetes:apply',
          name: 'Create the serving ServiceAccount',
          input: {
            cluster: 'lakehouse-dev',
            manifest: {
              apiVersion: 'v1',
              kind: 'ServiceAccount',
              metadata: { name: 'churn-sa', namespace: 'ml-serving' },
            },
          },
        },
      ],
    }),
  },
];
