import { expect, type Locator, type Page } from '@playwright/test';
import type { IdCardData } from '../../../native/idcard/types';
import type { Harness } from './harness';

/**
 * The teller at the counter, driving the page the way a person does, and counting what the person does: every
 * click (including the click that puts the cursor into a field) and every key that is not part of a typed value
 * (function keys, Enter, Esc). Typed values themselves are not counted, and neither is the citizen placing a card.
 */
export interface Teller {
  readonly page: Page;
  /** Clicks and shortcut keys so far. */
  readonly actions: number;
  click(target: Locator): Promise<void>;
  press(key: string): Promise<void>;
  /** Types into the focused control (not an action). */
  type(text: string): Promise<void>;
  /** Clicks into a field (one action) and types the value. */
  fill(field: Locator, value: string): Promise<void>;
  /** Opens a select (one click), types to filter, Enter (one key). */
  choose(select: Locator, label: string): Promise<void>;
}

export function tellerAt(page: Page): Teller {
  let actions = 0;
  const teller: Teller = {
    page,
    get actions() {
      return actions;
    },
    async click(target) {
      actions++;
      await target.click();
    },
    async press(key) {
      actions++;
      await page.keyboard.press(key);
    },
    async type(text) {
      await page.keyboard.type(text);
    },
    async fill(field, value) {
      await teller.click(field);
      await page.keyboard.type(value);
      await expect(field).toHaveValue(value);
    },
    async choose(select, label) {
      await teller.click(select);
      await page.keyboard.type(label);
      await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option-active')).toContainText(label);
      await teller.press('Enter');
    },
  };
  return teller;
}

/** Opens the terminal and waits until it is live: events connected, both lines up, reader and printer ready. */
export async function openTerminal(page: Page, url: string): Promise<void> {
  const events = page.waitForEvent('websocket');
  await page.goto(url);
  await events;
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up');
  await expect(page.getByTestId('device-idCard')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'ready');
}

/** The citizen puts the card on the reader; the applicant panel shows the card holder. */
export async function placeCard(h: Harness, page: Page, card: IdCardData): Promise<void> {
  h.card.placeCard(card);
  await expect(page.getByTestId('applicant-name')).toHaveText(card.name);
}

/**
 * The citizen takes the card back. The reader notices a removal only after a few empty polls, so this waits for
 * three more exchanges with the reader (each poll is one), after which the next card placed is read again.
 */
export async function takeCardAway(h: Harness): Promise<void> {
  h.card.removeCard();
  const from = h.card.exchanges;
  await expect.poll(() => h.card.exchanges, { timeout: 10_000 }).toBeGreaterThanOrEqual(from + 3);
}

/** Item search by code → Enter; waits for the intake form of that item. */
export async function pickItem(t: Teller, code: string, name: string): Promise<void> {
  await t.click(t.page.getByTestId('item-search'));
  await t.type(code);
  // Hits arrive as the code is typed; Enter picks the active hit, so wait until the search for the whole code is in.
  await expect(t.page.locator('[data-testid="item-search"] [role="option"][aria-selected="true"]')).toContainText(code);
  await t.press('Enter');
  await expect(t.page.getByTestId('intake-form')).toContainText(name);
}

/** Confirms the intake (F9) and returns the new case's id from the result card. */
export async function confirmIntake(t: Teller): Promise<string> {
  await t.press('F9');
  const result = t.page.getByTestId('case-result');
  await expect(result).toBeVisible();
  const caseId = await result.getAttribute('data-case-id');
  expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  return caseId!;
}

/** The terminal opened, the citizen's card placed and the item picked: an intake ready to be filled in. */
export async function startIntake(h: Harness, page: Page, card: IdCardData, code: string, name: string): Promise<Teller> {
  await openTerminal(page, h.url);
  const t = tellerAt(page);
  await placeCard(h, page, card);
  await pickItem(t, code, name);
  return t;
}
