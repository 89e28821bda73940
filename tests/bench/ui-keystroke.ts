/**
 * Benchmark `ui-keystroke`: what a teller feels while typing, measured in Chromium (/usr/bin/chromium, the flags of
 * playwright.config.ts) against the real web host (renderer built, training terminal on embedded defaults).
 *  - p99_ms: from a key in the item search box (the keydown's, or for a typed Chinese character the input event's,
 *    timestamp) to the result list for the new query painted: the list's data-results-for names the query its hits
 *    answer; once it does, the next animation frame plus one task marks the frame painted. The search runs in the page
 *    on the core's index (catalogSearchIndex), as the teller's page does. KEYSTROKES keys typing real queries
 *    (pinyin, initials, codes, Chinese).
 *  - field_p99_ms: from a Tab (down the intake form) or Shift+Tab (back up) to the next field focused and painted,
 *    FIELD_MOVES moves, every one timed.
 * Each probe is armed in the page before the key is pressed, so a fast answer is never missed.
 * Two sessions: the figures without suffix with Chromium's frame clock unthrottled (--disable-frame-rate-limit
 * --disable-gpu-vsync: a frame is made as soon as there is something to show), i.e. what the terminal's work and
 * Chromium's rendering cost from the key to the pixels; the `_60hz` figures with the usual 60 Hz frame clock, which
 * adds the wait for the next frame (0–16.7 ms, uniformly) that a display refresh adds on any screen.
 * The `_floor` figures: the same keys and moves, unthrottled, on a bare page (FLOOR_PAGE) in the same browser right
 * after the terminal's session: what the machine, Chromium and the probes cost with (almost) no page work — the bound
 * the terminal's figures are measured against. On a shared 2-core VM its p99 is scheduling noise.
 * Last line: {"bench":"ui-keystroke","keystrokes":200,"p50_ms":…,"p99_ms":…,"field_moves":200,"field_p50_ms":…,"field_p99_ms":…,
 *   "p50_ms_floor":…,"p99_ms_floor":…,"field_p50_ms_floor":…,"field_p99_ms_floor":…,
 *   "p50_ms_60hz":…,"p99_ms_60hz":…,"field_p50_ms_60hz":…,"field_p99_ms_60hz":…}
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import config from '../../playwright.config';
import { percentile } from './_stats';
import { launchWebHost, signInAtWindow, trainingConfig } from './_webhost';

const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 200);
const FIELD_MOVES = Number(process.env.BENCH_FIELD_MOVES ?? 200);
/** What tellers type: pinyin, initials, codes and Chinese names of items. */
const QUERIES = ['shebaoka', 'cbdj', 'SI-04-01', 'yibao', 'geshui', 'tuixiu', 'biangeng', 'jiaofei', '社保卡', '医保', 'lianxi', 'TX-', 'dengji', 'shiye', 'zhuanyi'];

/** In the page: the start of the current key (first keydown or input event) and a probe that resolves when painted. */
const PAGE_PROBES = () => {
  const w = window as unknown as { __start: number | null; __probe: Promise<number> | null; __arm(kind: 'results' | 'focus', expected: string): void };
  w.__start = null;
  addEventListener('keydown', (e) => (w.__start ??= e.timeStamp), true);
  addEventListener('input', (e) => (w.__start ??= e.timeStamp), true);
  const painted = (resolve: (ms: number) => void) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now() - w.__start!);
      ch.port2.postMessage(0);
    });
  w.__arm = (kind, expected) => {
    w.__start = null;
    const before = document.activeElement;
    const done = () =>
      kind === 'results'
        ? document.querySelector('[data-testid="item-search"] [role="listbox"]')?.getAttribute('data-results-for') === expected
        : document.activeElement !== before && w.__start !== null;
    w.__probe = new Promise((resolve) => {
      const mo = new MutationObserver(() => {
        if (kind === 'results' && w.__start !== null && done()) {
          mo.disconnect();
          painted(resolve);
        }
      });
      mo.observe(document.body, { subtree: true, childList: true, attributes: true });
      if (kind === 'focus') {
        // focusin when a field takes the focus; keyup as well, for a Tab that leaves the focus on no field.
        let fired = false;
        const settle = () => {
          if (fired || !done()) return;
          fired = true;
          mo.disconnect();
          painted(resolve);
        };
        document.addEventListener('focusin', () => queueMicrotask(settle), { once: true });
        document.addEventListener('keyup', settle, { once: true, capture: true });
      }
    });
  };
};

async function timed(page: Page, kind: 'results' | 'focus', expected: string, press: () => Promise<void>): Promise<number> {
  await page.evaluate(([k, e]) => (window as unknown as { __arm(k: string, e: string): void }).__arm(k!, e!), [kind, expected]);
  await press();
  return page.evaluate(() => (window as unknown as { __probe: Promise<number> }).__probe);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-ui-'));
const configFile = path.join(dir, 'terminal.json');
writeFileSync(configFile, JSON.stringify(await trainingConfig()));

interface Session {
  keys: number[];
  fields: number[];
}

/**
 * The floor: the same keys and Tab moves on a bare page in the same browser — one input whose every key writes a
 * 10-line list in plain DOM, a form of plain inputs — so that what this machine, Chromium and the probes cost alone is
 * measured beside the terminal, in the same run (the figures with the suffix `_floor`).
 */
const FLOOR_PAGE = `<!doctype html><meta charset="utf-8"><body style="font:16px sans-serif">
<div data-testid="item-search"><input data-testid="catalog-search-input" style="font-size:18px;width:480px"><ul role="listbox"></ul></div>
<form data-testid="intake-form">${Array.from({ length: 12 }, (_, i) => `<p><label>字段 ${i + 1} <input></label></p>`).join('')}</form>
<script>
  const box = document.querySelector('[data-testid="catalog-search-input"]');
  const list = document.querySelector('[role="listbox"]');
  box.addEventListener('input', () => {
    const q = box.value.trim();
    list.replaceChildren(...Array.from({ length: q ? 10 : 0 }, (_, i) => Object.assign(document.createElement('li'), { textContent: q + ' 事项 ' + i })));
    list.setAttribute('data-results-for', q);
  });
</script>`;

const PROBES_SCRIPT = `var __name = (f) => f; (${PAGE_PROBES.toString()})();`;

/** Types the queries (KEYSTROKES keys) into the page's item search box; one time per key. */
async function typeQueries(page: Page): Promise<{ keys: number[]; typed: string[] }> {
  const search = page.getByTestId('catalog-search-input');
  const keys: number[] = [];
  const typed: string[] = [];
  for (let q = 0; keys.length < KEYSTROKES; q++) {
    const query = QUERIES[q % QUERIES.length]!;
    await search.fill(''); // untimed: a fresh query
    for (let i = 1; i <= query.length && keys.length < KEYSTROKES; i++) {
      keys.push(await timed(page, 'results', query.slice(0, i).trim(), () => page.keyboard.type(query[i - 1]!)));
      typed.push(query.slice(0, i));
    }
  }
  return { keys, typed };
}

/**
 * Moves FIELD_MOVES times through the page's intake form as a teller does: Tab down to its last field, then Shift+Tab
 * back up to its first, and so on. Every move is timed and none is a jump the teller would not make (the page scrolls
 * as it does for the teller; no untimed step leaves work for the next timed frame).
 */
async function tabThroughForm(page: Page): Promise<{ fields: number[]; focused: string[] }> {
  const form = page.getByTestId('intake-form');
  await form.waitFor();
  const inputs = form.locator('input, textarea');
  const first = inputs.first();
  const last = inputs.last();
  const fields: number[] = [];
  const focused: string[] = [];
  await first.focus();
  let key: 'Tab' | 'Shift+Tab' = 'Tab';
  while (fields.length < FIELD_MOVES) {
    if (key === 'Tab' && (await last.evaluate((el) => el === document.activeElement))) key = 'Shift+Tab';
    else if (key === 'Shift+Tab' && (await first.evaluate((el) => el === document.activeElement))) key = 'Tab';
    fields.push(await timed(page, 'focus', '', () => page.keyboard.press(key)));
    focused.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        return el ? `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}` : 'none';
      }),
    );
  }
  return { fields, focused };
}

/** Prints a session's figures and its slowest keys and moves; returns the times sorted ascending. */
function summarize(label: string, { keys, typed }: { keys: number[]; typed: string[] }, { fields, focused }: { fields: number[]; focused: string[] }): Session {
  const slowest = <T,>(ms: number[], what: T[]) => ms.map((m, i) => [m, what[i]] as const).sort((a, b) => b[0] - a[0]).slice(0, 5);
  const slowKeys = slowest(keys, typed);
  const slowMoves = slowest(fields, focused);
  const sortedKeys = [...keys].sort((a, b) => a - b);
  const sortedFields = [...fields].sort((a, b) => a - b);
  const line = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${xs.at(-1)!.toFixed(1)} ms`;
  console.log(`  ${label}, search: ${line(sortedKeys)}; slowest keys: ${slowKeys.map(([ms, q]) => `"${q}" ${ms.toFixed(1)}`).join(', ')}`);
  console.log(`  ${label}, field moves: ${line(sortedFields)}; slowest moves to: ${slowMoves.map(([ms, el]) => `${el} ${ms.toFixed(1)}`).join(', ')}`);
  return { keys: sortedKeys, fields: sortedFields };
}

/** One teller session in a fresh page: sign in, type the queries, then Tab through a form. */
async function session(browser: Browser, label: string): Promise<Session> {
  // A fresh data folder and host each: a started terminal, nobody signed in yet.
  const data = mkdtempSync(path.join(dir, 'data-'));
  const host = await launchWebHost(data, configFile);
  const page = await browser.newPage({ locale: 'zh-CN' });
  try {
    // As text: tsx's compiled functions call a __name helper that the page does not have.
    await page.addInitScript({ content: PROBES_SCRIPT });
    await page.goto(host.url);
    await signInAtWindow(page);
    const typing = await typeQueries(page);
    // An applicant (the emulated reader's sample card) and an item with a form, then Tab through its fields.
    await page.getByTestId('emulator-place-card').click();
    await page.getByTestId('applicant-name').waitFor();
    await page.getByTestId('catalog-search-input').fill('SI-04-01');
    await page.locator('[data-testid="item-search"] [role="option"][aria-selected="true"]').waitFor();
    await page.keyboard.press('Enter');
    return summarize(label, typing, await tabThroughForm(page));
  } finally {
    await page.close();
    await host.stop();
  }
}

/** The same keys and moves on the bare page (FLOOR_PAGE), in the same browser. */
async function floorSession(browser: Browser, label: string): Promise<Session> {
  const page = await browser.newPage({ locale: 'zh-CN' });
  try {
    await page.setContent(FLOOR_PAGE);
    await page.evaluate(PROBES_SCRIPT);
    await page.getByTestId('catalog-search-input').focus();
    const typing = await typeQueries(page);
    return summarize(`${label}, bare page`, typing, await tabThroughForm(page));
  } finally {
    await page.close();
  }
}

const launch = config.use!.launchOptions!;
try {
  console.log(`ui-keystroke bench: ${KEYSTROKES} keys in the item search, ${FIELD_MOVES} Tab moves in the intake form (load ${os.loadavg()[0]!.toFixed(1)})`);
  const unthrottled = await chromium.launch({ ...launch, args: [...launch.args!, '--disable-gpu-vsync', '--disable-frame-rate-limit'] });
  let work: Session, floor: Session;
  try {
    work = await session(unthrottled, 'frame clock unthrottled');
    floor = await floorSession(unthrottled, 'frame clock unthrottled');
  } finally {
    await unthrottled.close();
  }
  const standard = await chromium.launch(launch);
  const at60 = await session(standard, '60 Hz frame clock').finally(() => standard.close());
  const fig = (xs: number[], p: number) => +percentile(xs, p).toFixed(1);
  console.log(
    JSON.stringify({
      bench: 'ui-keystroke',
      keystrokes: work.keys.length,
      p50_ms: fig(work.keys, 50),
      p99_ms: fig(work.keys, 99),
      field_moves: work.fields.length,
      field_p50_ms: fig(work.fields, 50),
      field_p99_ms: fig(work.fields, 99),
      p50_ms_floor: fig(floor.keys, 50),
      p99_ms_floor: fig(floor.keys, 99),
      field_p50_ms_floor: fig(floor.fields, 50),
      field_p99_ms_floor: fig(floor.fields, 99),
      p50_ms_60hz: fig(at60.keys, 50),
      p99_ms_60hz: fig(at60.keys, 99),
      field_p50_ms_60hz: fig(at60.fields, 50),
      field_p99_ms_60hz: fig(at60.fields, 99),
      load: +os.loadavg()[0]!.toFixed(1),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
