import { useEffect, useState } from 'react';
import { WarningPanel } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';

/** The part of GET /api/techdocs/docs-status this notice shows. */
interface DocsStatus {
  mkdocs?: { available: boolean };
  message?: string;
}

/**
 * Says why docs are missing when the backend cannot build them (no mkdocs)
 * or some sites failed to build, so an empty Docs page or docs search is
 * explained instead of looking broken. Shows nothing otherwise, and nothing
 * when the status cannot be read.
 */
export function DocsStatusNotice() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [status, setStatus] = useState<DocsStatus>();

  useEffect(() => {
    let active = true;
    (async () => {
      const base = await discoveryApi.getBaseUrl('techdocs');
      const response = await fetchApi.fetch(`${base}/docs-status`);
      if (response.ok && active) setStatus(await response.json());
    })().catch(() => {
      // Without a status there is nothing to explain.
    });
    return () => {
      active = false;
    };
  }, [discoveryApi, fetchApi]);

  if (!status?.message) return null;
  const cannotBuild = status.mkdocs?.available === false;
  return (
    <div style={{ padding: '16px 24px 0' }}>
      <WarningPanel
        severity={cannotBuild ? 'info' : 'warning'}
        title={
          cannotBuild
            ? 'Docs cannot be built on this server'
            : 'Some docs could not be built'
        }
        message={status.message}
        defaultExpanded
      />
    </div>
  );
}
