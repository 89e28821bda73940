import { useEffect } from 'react';
import { searchCatalogIndex, type CatalogSearchIndex, type ItemSummary } from '../../../src-main/contract';
import { api } from '../../api/client';
import { useTerminal } from '../../stores/terminal';

/**
 * The item search at the teller's keyboard runs here, in the page, on the core's own index (catalogSearchIndex) and
 * with the core's own matcher (contract/catalog-search.ts): a key and its result list are painted in the same frame,
 * with no round trip to the core. Until the index has arrived (or if it cannot be fetched), the core searches
 * (searchCatalog); both answer the same hits.
 */
let index: CatalogSearchIndex | null = null;
let loading: Promise<void> | null = null;

function load(version: number | undefined): void {
  if (loading || (index && (version === undefined || index.version === version))) return;
  loading = api
    .catalogSearchIndex({})
    .then((fresh) => {
      index = fresh;
    })
    // Not fatal: the core keeps answering searchCatalog, and the next version check tries again.
    .catch(() => undefined)
    .finally(() => {
      loading = null;
    });
}

/** One search: synchronous on the local index, or the core's answer while there is none yet. */
export function searchItems(query: string, limit = 10): readonly ItemSummary[] | Promise<readonly ItemSummary[]> {
  const q = query.trim();
  if (!q) return [];
  return index ? searchCatalogIndex(index, q, limit) : api.searchCatalog({ query: q, limit });
}

/** Keeps the local index at the catalog version the core reports (a catalog update replaces it). */
export function useItemSearch(): typeof searchItems {
  const version = useTerminal((s) => s.status?.catalogVersion);
  useEffect(() => load(version), [version]);
  return searchItems;
}
