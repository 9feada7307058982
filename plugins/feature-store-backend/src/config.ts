import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';

/** Where the Feast feature servers are, read from `lakehouse.feast`. */
export interface FeatureServerConfig {
  /** `lakehouse.feast.featureServerUrl`: the server of every project without its own. */
  defaultUrl?: string;
  /** `lakehouse.feast.projects.<project>.featureServerUrl`, by project. */
  projectUrls: Map<string, string>;
  /** `lakehouse.feast.requestTimeoutMs`. */
  requestTimeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function readUrl(
  config: Config,
  key: string,
  path: string,
): string | undefined {
  const url = config.getOptionalString(key);
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${path} must be an http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${path} must be an http(s) URL, got "${url}"`);
  }
  return url.replace(/\/+$/, '');
}

/** Reads `lakehouse.feast`; a malformed URL or timeout fails start-up with the key at fault. */
export function readFeatureServerConfig(root: Config): FeatureServerConfig {
  const feast = root.getOptionalConfig('lakehouse.feast');
  const projectUrls = new Map<string, string>();
  const projects = feast?.getOptionalConfig('projects');
  for (const project of projects?.keys() ?? []) {
    const url = readUrl(
      projects!.getConfig(project),
      'featureServerUrl',
      `lakehouse.feast.projects.${project}.featureServerUrl`,
    );
    if (url) projectUrls.set(project, url);
  }
  const requestTimeoutMs =
    feast?.getOptionalNumber('requestTimeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs <= 0) {
    throw new Error(
      `lakehouse.feast.requestTimeoutMs must be a positive whole number of milliseconds, got ${requestTimeoutMs}`,
    );
  }
  return {
    defaultUrl: feast
      ? readUrl(feast, 'featureServerUrl', 'lakehouse.feast.featureServerUrl')
      : undefined,
    projectUrls,
    requestTimeoutMs,
  };
}

/** The feature server of a Feast project; 503 naming the keys to set when there is none. */
export function featureServerUrlOf(
  config: FeatureServerConfig,
  project: string,
): string {
  const url = config.projectUrls.get(project) ?? config.defaultUrl;
  if (!url) {
    throw new ServiceUnavailableError(
      `No Feast feature server is configured for project ${project}: set lakehouse.feast.projects.${project}.featureServerUrl or lakehouse.feast.featureServerUrl`,
    );
  }
  return url;
}
