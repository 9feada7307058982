import type { Infra } from '../load/model';
import type { Problem } from '../problems';
import type { Inventory } from './inventory';
import { key } from './inventory';

/** `<service>.<namespace>.svc.cluster.local[:port]`, the name pods reach a Service by. */
const SERVICE_HOST =
  /(?<![-a-z0-9.])([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local(?::(\d+))?/g;

/**
 * Every in-cluster address written anywhere in infra/ (manifests, mounted
 * configuration files, Helm values, secret templates, the portal's
 * app-config, scripts and docs) names a Service that exists in that
 * namespace, and a port that Service has. Addresses are always written in
 * full (`<service>.<namespace>.svc.cluster.local`), so they can be checked.
 */
export function checkServiceUrls(
  infra: Infra,
  inventory: Inventory,
): Problem[] {
  const problems: Problem[] = [];
  for (const { file, text } of infra.texts) {
    for (const match of text.matchAll(SERVICE_HOST)) {
      const [address, service, namespace, port] = match;
      const line = text.slice(0, match.index).split('\n').length;
      const info = inventory.services.get(key(namespace, service));
      if (!info) {
        const known = [...inventory.services.keys()]
          .filter(k => k.startsWith(`${namespace}/`))
          .map(k => k.slice(namespace.length + 1))
          .sort();
        problems.push({
          file,
          message: `line ${line}: ${address} names Service ${service} in namespace ${namespace}, which no manifest or Helm release defines${
            known.length > 0 ? ` (Services there: ${known.join(', ')})` : ''
          }`,
        });
      } else if (port && !info.ports.some(p => p.port === Number(port))) {
        problems.push({
          file,
          message: `line ${line}: ${address} names port ${port} of Service ${service}, which has port${
            info.ports.length === 1 ? '' : 's'
          } ${info.ports.map(p => p.port).join(', ')} (${info.origin})`,
        });
      }
    }
  }
  return problems;
}
