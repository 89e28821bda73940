/**
 * Benchmark: catalog search latency per keystroke.
 * Simulates a teller typing 1,000 keystrokes: each query is a growing prefix of a realistic target
 * (an item name in Chinese, its full pinyin, its pinyin initials, an item code, or a synonym), so every
 * keystroke runs one search. Reports the median and 99th percentile of one search.
 */
import { pinyin } from 'pinyin-pro';
import { loadCatalog } from '../../src-main/core/catalog/load';
import { createCatalogSearch } from '../../src-main/core/catalog/search';

const KEYSTROKES = 1000;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const catalog = loadCatalog();
const t0 = performance.now();
const { search } = createCatalogSearch(catalog);
const buildMs = performance.now() - t0;

const targets: string[] = [];
for (const item of catalog.items) {
  targets.push(item.name, item.code, pinyin(item.name, { toneType: 'none', separator: '', nonZh: 'removed' }));
  targets.push(pinyin(item.name, { pattern: 'first', toneType: 'none', separator: '', nonZh: 'removed' }));
  targets.push(...item.keywords.slice(0, 2));
}

const random = seeded(20260101);
const queries: string[] = [];
while (queries.length < KEYSTROKES) {
  const target = Array.from(targets[Math.floor(random() * targets.length)]!);
  for (let n = 1; n <= target.length && queries.length < KEYSTROKES; n++) queries.push(target.slice(0, n).join(''));
}

// Warm up (JIT), then measure each keystroke's search on its own.
for (const q of queries) search(q);
const times: number[] = [];
let found = 0;
for (const q of queries) {
  const start = performance.now();
  const hits = search(q);
  times.push(performance.now() - start);
  if (hits.length > 0) found++;
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
const round = (x: number) => Math.round(x * 1000) / 1000;

console.log(`catalog-search: ${catalog.items.length} items, index built in ${buildMs.toFixed(1)} ms`);
console.log(`${queries.length} keystrokes (typed prefixes of names, pinyin, initials, codes, synonyms); ${found} returned hits`);
console.log(`per keystroke: p50 ${round(pct(50))} ms, p99 ${round(pct(99))} ms, max ${round(times.at(-1)!)} ms (goal p99 < 2 ms)`);
console.log(JSON.stringify({ bench: 'catalog-search', p50_ms: round(pct(50)), p99_ms: round(pct(99)) }));
