/**
 * Loads and validates the service catalog. The shipped JSON (data/catalog.json) is the base; it is checked
 * against the contract's schema and a set of cross checks, and refused with the path of the first error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  catalogItemSchema,
  catalogSchema,
  type Catalog,
  type CatalogItem,
  type CatalogMainItem,
} from '../../contract/catalog';
import { appRoot } from '../util/paths';

/** The catalog is 32 main items and 119 sub-items (the district's published list). */
export const MAIN_ITEM_COUNT = 32;
export const SUB_ITEM_COUNT = 119;

export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(
    /** Where the first problem is, e.g. `items[12] (SI-05-01).guide.fee.amountFen`. */
    readonly path: string,
    readonly problem: string,
    readonly source: string,
  ) {
    super(`catalog ${source}: ${path}: ${problem}`);
  }
}

export function defaultCatalogFile(): string {
  return path.join(appRoot(), 'src-main', 'core', 'catalog', 'data', 'catalog.json');
}

function formatPath(segments: readonly PropertyKey[], data: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      node = Array.isArray(node) ? node[seg] : undefined;
      const code = node && typeof node === 'object' ? (node as { code?: unknown }).code : undefined;
      if (typeof code === 'string') out += ` (${code})`;
    } else {
      out += (out ? '.' : '') + String(seg);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg as string] : undefined;
    }
  }
  return out || '(root)';
}

function firstIssue(error: z.ZodError, data: unknown, prefix: string, source: string): CatalogError {
  const issue = error.issues[0]!;
  const p = formatPath(issue.path, data);
  return new CatalogError(prefix ? (p === '(root)' ? prefix : `${prefix}${p.startsWith('[') ? '' : '.'}${p}`) : p, issue.message, source);
}

function hasPath(obj: unknown, dotted: string): boolean {
  let node: unknown = obj;
  for (const key of dotted.split('.')) {
    if (!node || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== undefined;
}

/**
 * Checks one item beyond its schema. Returns [relative path, problem] or null.
 * Exported for updates, which validate changed items on their own.
 */
export function itemProblem(item: CatalogItem, mainItems: ReadonlyMap<string, CatalogMainItem>): [string, string] | null {
  const main = mainItems.get(item.mainCode);
  if (!main) return ['mainCode', `unknown main item ${item.mainCode}`];
  if (!item.code.startsWith(item.mainCode + '-')) return ['code', `code ${item.code} is not under main item ${item.mainCode}`];
  if (item.line !== main.line) return ['line', `line ${item.line} differs from its main item's ${main.line}`];
  const endpoint = item.line === 'TAX' ? 'tax' : 'si';
  if (item.endpoint !== endpoint) return ['endpoint', `line ${item.line} items belong to endpoint ${endpoint}`];
  const mats = new Set<string>();
  for (const [i, m] of item.materials.entries()) {
    if (mats.has(m.code)) return [`materials[${i}].code`, `duplicate material code ${m.code}`];
    mats.add(m.code);
    if (m.originals + m.copies === 0) return [`materials[${i}]`, 'a material needs at least one original or copy'];
  }
  const keys = new Set<string>();
  for (const [i, f] of item.form.entries()) {
    if (keys.has(f.key)) return [`form[${i}].key`, `duplicate form field ${f.key}`];
    keys.add(f.key);
  }
  const { promisedLimit: promised, statutoryLimit: statutory } = item.guide;
  if (item.kind === 'immediate' && promised.value !== 0) return ['guide.promisedLimit', 'an immediate item is done on the spot (value 0)'];
  if (item.kind === 'commitment' && promised.value === 0) return ['guide.promisedLimit', 'a commitment item needs a promised limit'];
  if (statutory && statutory.unit === promised.unit && promised.value > statutory.value) {
    return ['guide.promisedLimit', 'the promised limit exceeds the statutory limit'];
  }
  for (const [i, a] of item.assumptions.entries()) {
    if (!hasPath(item, a)) return [`assumptions[${i}]`, `names no field of the item: ${a}`];
  }
  return null;
}

/** Validates a parsed catalog (schema + cross checks); returns it typed or throws CatalogError. */
export function validateCatalog(data: unknown, source = '(memory)'): Catalog {
  const parsed = catalogSchema.safeParse(data);
  if (!parsed.success) throw firstIssue(parsed.error, data, '', source);
  const catalog = parsed.data;
  const mains = new Map<string, CatalogMainItem>();
  for (const [i, m] of catalog.mainItems.entries()) {
    if (mains.has(m.code)) throw new CatalogError(`mainItems[${i}] (${m.code}).code`, 'duplicate main item code', source);
    mains.set(m.code, m);
  }
  if (catalog.mainItems.length !== MAIN_ITEM_COUNT) {
    throw new CatalogError('mainItems', `expected ${MAIN_ITEM_COUNT} main items, found ${catalog.mainItems.length}`, source);
  }
  if (catalog.items.length !== SUB_ITEM_COUNT) {
    throw new CatalogError('items', `expected ${SUB_ITEM_COUNT} sub-items, found ${catalog.items.length}`, source);
  }
  const codes = new Set<string>();
  const used = new Set<string>();
  for (const [i, item] of catalog.items.entries()) {
    const at = `items[${i}] (${item.code})`;
    if (codes.has(item.code)) throw new CatalogError(`${at}.code`, 'duplicate item code', source);
    codes.add(item.code);
    used.add(item.mainCode);
    if (item.version > catalog.version) throw new CatalogError(`${at}.version`, `item version ${item.version} is newer than the catalog's ${catalog.version}`, source);
    const problem = itemProblem(item, mains);
    if (problem) throw new CatalogError(`${at}.${problem[0]}`, problem[1], source);
  }
  for (const [i, m] of catalog.mainItems.entries()) {
    if (!used.has(m.code)) throw new CatalogError(`mainItems[${i}] (${m.code})`, 'main item has no sub-items', source);
  }
  return catalog;
}

/** Validates one item on its own (schema + item cross checks), as an update delivers it. */
export function validateItem(data: unknown, mainItems: ReadonlyMap<string, CatalogMainItem>, at: string, source: string): CatalogItem {
  const parsed = catalogItemSchema.safeParse(data);
  if (!parsed.success) throw firstIssue(parsed.error, data, at, source);
  const problem = itemProblem(parsed.data, mainItems);
  if (problem) throw new CatalogError(`${at}.${problem[0]}`, problem[1], source);
  return parsed.data;
}

/** Reads, parses and validates a catalog file (the shipped one by default). */
export function loadCatalog(file: string = defaultCatalogFile()): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CatalogError('(file)', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, file);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CatalogError('(file)', `not valid JSON: ${(err as Error).message}`, file);
  }
  return validateCatalog(data, file);
}

/** Lookups over one catalog. */
export interface CatalogIndex {
  catalog: Catalog;
  item(code: string): CatalogItem | undefined;
  mainItem(code: string): CatalogMainItem | undefined;
  itemsOf(mainCode: string): CatalogItem[];
}

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const items = new Map(catalog.items.map((i) => [i.code, i]));
  const mains = new Map(catalog.mainItems.map((m) => [m.code, m]));
  const byMain = new Map<string, CatalogItem[]>();
  for (const item of catalog.items) {
    const list = byMain.get(item.mainCode) ?? [];
    list.push(item);
    byMain.set(item.mainCode, list);
  }
  return {
    catalog,
    item: (code) => items.get(code),
    mainItem: (code) => mains.get(code),
    itemsOf: (mainCode) => byMain.get(mainCode) ?? [],
  };
}
