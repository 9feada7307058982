/*
 * Server-side apply through @kubernetes/client-node 1.4: KubernetesObjectApi.patch with
 * PatchStrategy.ServerSideApply sends `Content-Type: application/apply-patch+yaml` (the body is JSON, which
 * is YAML) with `fieldManager` and, for the first pass, `dryRun=All`. `force` is never sent: a field owned by
 * another manager must surface as a 409 conflict, not be taken over. The typed API returns only bodies, so a
 * response middleware records the status code (201 = created, 200 = updated).
 */
import {
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  createConfiguration,
} from '@kubernetes/client-node';
import {
  type KubernetesClusterDetails,
  createKubeConfig,
} from '@internal/plugin-lakehouse-node';

/** What the API server answered for one applied object. */
export interface AppliedObject {
  object: KubernetesObject;
  /** Whether the apply created the object (HTTP 201), or would have in a dry run. */
  created: boolean;
}

/** Applies objects to one cluster. */
export class KubernetesApplyClient {
  private lastStatus: number | undefined;
  private readonly api: KubernetesObjectApi;

  private constructor(readonly cluster: KubernetesClusterDetails) {
    const kubeConfig = createKubeConfig(cluster);
    this.api = new KubernetesObjectApi(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.url, {}),
        authMethods: { default: kubeConfig },
        promiseMiddleware: [
          {
            pre: async context => context,
            post: async response => {
              this.lastStatus = response.httpStatusCode;
              return response;
            },
          },
        ],
      }),
    );
  }

  static create(cluster: KubernetesClusterDetails): KubernetesApplyClient {
    return new KubernetesApplyClient(cluster);
  }

  /** Server-side applies `object` as `fieldManager`; with `dryRun`, the server validates without storing. */
  async apply(
    object: Record<string, any>,
    options: { fieldManager: string; dryRun: boolean },
  ): Promise<AppliedObject> {
    this.lastStatus = undefined;
    const result = await this.api.patch(
      // The client fills in defaults on the spec it is given; keep the caller's object intact.
      JSON.parse(JSON.stringify(object)) as KubernetesObject,
      undefined,
      options.dryRun ? 'All' : undefined,
      options.fieldManager,
      undefined,
      PatchStrategy.ServerSideApply,
    );
    return { object: result, created: this.lastStatus === 201 };
  }
}
