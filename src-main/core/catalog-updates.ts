import type { CatalogService } from './catalog';
import type { EndpointName, TerminalConfig } from './config/schema';
import type { Logger } from './logging/types';
import { createLineClientPool } from './sync/http-client';

/**
 * Keeps the catalog current: when an endpoint's health answer reports a newer catalogVersion, fetches
 * `GET /v1/catalog?since=<ours>` and applies it atomically (a corrupted update is refused, nothing changed, and
 * tried again at the next report). Cases keep the item version they were accepted under.
 */
export function createCatalogUpdater(deps: { catalog: CatalogService; config: TerminalConfig; logger: Logger; onApplied: () => void }) {
  const { catalog, config } = deps;
  const log = deps.logger.child({ component: 'catalog.update' });
  const clients = createLineClientPool(config);
  let running: Promise<void> | null = null;

  const client = (endpoint: EndpointName) => clients.get(endpoint);

  async function update(endpoint: EndpointName, reported: number): Promise<void> {
    if (!catalog.needsUpdate(reported)) return;
    const from = catalog.version();
    try {
      const res = await client(endpoint).request({ method: 'GET', path: `/v1/catalog?since=${from}`, timeoutMs: config.endpoints[endpoint].timeoutMs });
      if (res.status !== 200) {
        log.warn({ endpoint, status: res.status }, 'catalog update not fetched');
        return;
      }
      const result = catalog.applyUpdate(JSON.parse(res.body.toString('utf8')));
      log.info({ endpoint, from, to: catalog.version(), result }, 'catalog updated');
      deps.onApplied();
    } catch (err) {
      log.error({ endpoint, from, reported, err: (err as Error).message }, 'catalog update refused; the current catalog stays');
    }
  }

  return {
    /** Called with each endpoint's reported catalogVersion; one update runs at a time. */
    reported(endpoint: EndpointName, version: number): void {
      if (running || !catalog.needsUpdate(version)) return;
      running = update(endpoint, version).finally(() => {
        running = null;
      });
    },
    async stop(): Promise<void> {
      await running;
      clients.close();
    },
  };
}
