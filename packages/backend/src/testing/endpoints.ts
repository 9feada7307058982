import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  HttpRouterService,
  HttpRouterServiceAuthPolicy,
} from '@backstage/backend-plugin-api';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';

/** One HTTP endpoint of a plugin, as express routes it. */
export interface Endpoint {
  pluginId: string;
  /** Upper case, e.g. `GET`; `ALL` for `router.all`. */
  method: string;
  /** The route under `/api/<pluginId>`, e.g. `/queries/:id`. */
  path: string;
  /** True when the code that mounted it is the project's (not in node_modules). */
  fromProject: boolean;
}

/** An auth policy a plugin added with `httpRouter.addAuthPolicy`. */
export interface RecordedAuthPolicy extends HttpRouterServiceAuthPolicy {
  pluginId: string;
  fromProject: boolean;
}

interface Mounted {
  pluginId: string;
  handler: unknown;
  fromProject: boolean;
}

/** The default factory's function, which `createServiceFactory` keeps on the feature it returns. */
type FactoryOf = {
  factory(deps: unknown, context: unknown): Promise<HttpRouterService>;
};

/**
 * Whether the caller of `httpRouter.use` is the project's own code: a file
 * under `projectRoot` outside node_modules (workspace packages are linked
 * under node_modules/@internal, but jest loads them by their real path).
 */
function calledFromProject(projectRoot: string): boolean {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const file = /\(?((?:\/|[A-Za-z]:\\)[^():]+):\d+:\d+\)?$/.exec(frame)?.[1];
    if (!file || file === __filename) continue;
    return (
      file.startsWith(projectRoot + path.sep) &&
      (!file.includes(`${path.sep}node_modules${path.sep}`) ||
        file.includes(`${path.sep}node_modules${path.sep}@internal${path.sep}`))
    );
  }
  return false;
}

/**
 * The path an express 4 layer is mounted at: '' at the root, else the
 * literal prefix of `router.use('/prefix', …)`, read back from the
 * layer's regular expression. A pattern with parameters cannot be read
 * back, and fails the walk rather than hide its routes.
 */
function mountPathOf(layer: any, where: string): string {
  if (layer.regexp?.fast_slash) return '';
  const source: string = layer.regexp?.source ?? '';
  const literal = /^\^(.*?)\\\/\?\(\?=\\\/\|\$\)$/.exec(source)?.[1];
  if (
    literal === undefined ||
    /[()[\]*+?{}|$^]/.test(literal.replace(/\\\//g, ''))
  ) {
    throw new Error(
      `Cannot read the path a router is mounted at under ${where} (${source}): list its endpoints by hand`,
    );
  }
  return literal.replace(/\\\//g, '/');
}

function routesOf(
  handler: any,
  prefix: string,
  where: string,
): Array<{ method: string; path: string }> {
  const stack = handler?.stack;
  // A plain middleware function: no endpoints of its own.
  if (!Array.isArray(stack)) return [];
  const routes: Array<{ method: string; path: string }> = [];
  for (const layer of stack) {
    if (layer.route) {
      const routePath = layer.route.path;
      if (typeof routePath !== 'string') {
        throw new Error(
          `A route under ${where}${prefix} has a path that is not a string (${String(
            routePath,
          )}): list it by hand`,
        );
      }
      for (const [method, on] of Object.entries(layer.route.methods ?? {})) {
        if (!on) continue;
        routes.push({
          method: method === '_all' ? 'ALL' : method.toUpperCase(),
          path: `${prefix}${routePath}`,
        });
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      routes.push(
        ...routesOf(
          layer.handle,
          `${prefix}${mountPathOf(layer, `${where}${prefix}`)}`,
          where,
        ),
      );
    }
  }
  return routes;
}

/**
 * Records what every plugin mounts on its HTTP router, to list the
 * backend's endpoints after it started. `factory` replaces the
 * `httpRouter` service: it delegates to the default one, so requests are
 * routed, authenticated and answered exactly as in the portal.
 *
 * @param options - `projectRoot`: the repository's root; what code under it
 *   (outside node_modules) mounts is marked `fromProject`
 */
export function createEndpointRecorder(options: { projectRoot: string }) {
  const projectRoot = path.resolve(options.projectRoot);
  const mounted: Mounted[] = [];
  const policies: RecordedAuthPolicy[] = [];

  const factory = createServiceFactory({
    service: coreServices.httpRouter,
    initialization: 'always',
    deps: {
      plugin: coreServices.pluginMetadata,
      config: coreServices.rootConfig,
      lifecycle: coreServices.lifecycle,
      rootHttpRouter: coreServices.rootHttpRouter,
      auth: coreServices.auth,
      httpAuth: coreServices.httpAuth,
      logger: coreServices.logger,
    },
    async factory(deps, context): Promise<HttpRouterService> {
      const inner = await (
        httpRouterServiceFactory as unknown as FactoryOf
      ).factory(deps, context);
      const pluginId = deps.plugin.getId();
      return {
        use(handler) {
          mounted.push({
            pluginId,
            handler,
            fromProject: calledFromProject(projectRoot),
          });
          inner.use(handler);
        },
        addAuthPolicy(policy) {
          policies.push({
            ...policy,
            pluginId,
            fromProject: calledFromProject(projectRoot),
          });
          inner.addAuthPolicy(policy);
        },
      };
    },
  });

  return {
    factory,
    /** Every route of every router the plugins mounted so far, once each. */
    endpoints(): Endpoint[] {
      const seen = new Map<string, Endpoint>();
      for (const { pluginId, handler, fromProject } of mounted) {
        for (const route of routesOf(handler, '', `/api/${pluginId}`)) {
          const key = `${pluginId} ${route.method} ${route.path}`;
          const known = seen.get(key);
          seen.set(key, {
            pluginId,
            ...route,
            fromProject: fromProject || !!known?.fromProject,
          });
        }
      }
      return [...seen.values()];
    },
    /** The auth policies the plugins added. */
    authPolicies(): RecordedAuthPolicy[] {
      return [...policies];
    },
  };
}
