import { expect, test } from '@playwright/test';
import { DEMO_USERS } from '../../src-main/core/people/demo-users';
import { v7 as uuidv7 } from 'uuid';
import { startHarness, TEST_PIN, webApi } from './support/harness';

test('the sign-in screen comes before the work screens; each role sees its screens; sign-out returns to it', async ({ page }) => {
  const h = await startHarness({ signIn: null });
  try {
    await page.goto(h.url);
    await expect(page.getByTestId('sign-in')).toContainText('柜员签到');
    await expect(page.getByTestId('tab-intake')).toHaveCount(0);
    // Training mode with people provisioned: no demo accounts are shown.
    await expect(page.getByTestId('sign-in-demo')).toHaveCount(0);

    await expect(page.getByTestId('sign-in-submit')).toHaveText('签到');
    await page.getByTestId('sign-in-user').fill('T0043');
    await page.getByTestId('sign-in-pin').fill('000000');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('sign-in-error')).toContainText('工号或密码错误');

    await page.getByTestId('sign-in-user').fill('T0043');
    await page.getByTestId('sign-in-pin').fill(TEST_PIN);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', 'T0043');
    await expect(page.getByTestId('tab-intake')).toBeVisible();
    await expect(page.getByTestId('tab-settings')).toHaveCount(0);
    await expect(page.getByTestId('tab-support')).toHaveCount(0);

    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('sign-in')).toBeVisible();

    await h.signIn('A0001');
    await page.reload();
    await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', 'A0001');
    await expect(page.getByTestId('tab-settings')).toBeVisible();
    await expect(page.getByTestId('tab-users')).toBeVisible();
    await expect(page.getByTestId('tab-intake')).toHaveCount(0);
  } finally {
    await h.stop();
  }
});

test('development mode with nobody configured: the demo accounts are shown and work', async ({ page }) => {
  const h = await startHarness({ firstRun: true, signIn: null });
  try {
    await page.goto(h.url);
    const demo = page.getByTestId('sign-in-demo');
    for (const u of DEMO_USERS) await expect(demo).toContainText(u.id);
    const teller = DEMO_USERS.find((u) => u.roles.includes('teller'))!;
    await page.getByTestId('sign-in-user').fill(teller.id);
    await page.getByTestId('sign-in-pin').fill(teller.pin);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', teller.id);
  } finally {
    await h.stop();
  }
});

test('each role sees only screens it may use: signing in and opening every tab it shows asks for nothing its role is refused', async ({ page }) => {
  const h = await startHarness({ signIn: null });
  const refused: string[] = [];
  page.on('response', async (r) => {
    if (!r.url().includes('/api/call/')) return;
    const body = await r.text().catch(() => '');
    if (/"code":"(forbidden|sign_in_required)"/.test(body)) refused.push(new URL(r.url()).pathname.replace('/api/call/', ''));
  });
  try {
    const seen: Record<string, string[]> = {};
    for (const id of ['A0001', 'S0001', 'T0043', 'M0001']) {
      await page.goto(h.url);
      await page.getByTestId('sign-in-user').fill(id);
      await page.getByTestId('sign-in-pin').fill(TEST_PIN);
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', id);
      // The status bar names the person by role: 网点管理员 A0001, 技术支持 S0001, 导师 M0001; a teller (also one with other roles) is 柜员.
      await expect(page.getByTestId('status-person')).toHaveText(`${{ A0001: '网点管理员', S0001: '技术支持', T0043: '柜员', M0001: '导师' }[id]} ${id}`);
      const tabs = await page.locator('[data-testid^="tab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
      seen[id] = tabs;
      for (const tab of tabs) {
        await page.getByTestId(tab).click();
        await page.waitForLoadState('networkidle');
      }
      await expect(page.locator('.ant-message-error')).toHaveCount(0);
      expect(refused, id).toEqual([]);
      await page.getByTestId('sign-out').click();
      await expect(page.getByTestId('sign-in')).toBeVisible();
    }
    // Branch IT: the queue but not the logs; support: both, and no counter, closing, reports or practice screens.
    expect(seen['A0001']).toEqual(expect.arrayContaining(['tab-devices', 'tab-settings', 'tab-users', 'tab-support', 'tab-practice', 'tab-reports']));
    expect(seen['A0001']).not.toContain('tab-closing');
    expect(seen['S0001']).toEqual(['tab-guides', 'tab-support']);
    expect(seen['T0043']).toEqual(expect.arrayContaining(['tab-intake', 'tab-practice', 'tab-closing', 'tab-reports']));
  } finally {
    await h.stop();
  }
});

test('branch IT sees the sync queue without the logs; support sees both', async ({ page }) => {
  const h = await startHarness({ signIn: null });
  try {
    for (const [id, seesLogs] of [['A0001', false], ['S0001', true]] as const) {
      await page.goto(h.url);
      await page.getByTestId('sign-in-user').fill(id);
      await page.getByTestId('sign-in-pin').fill(TEST_PIN);
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', id);
      await expect(page.getByTestId('support-queue')).toBeVisible();
      await expect(page.getByTestId('support-logs')).toHaveCount(seesLogs ? 1 : 0);
      await page.getByTestId('sign-out').click();
      await expect(page.getByTestId('sign-in')).toBeVisible();
    }
  } finally {
    await h.stop();
  }
});

test('after a hand-over the open drafts are listed with the time they were saved in China time', async ({ page }) => {
  const h = await startHarness();
  try {
    const call = webApi(h.url);
    const draft = { caseId: uuidv7(), applicant: null, itemCode: 'SI-04-01', form: {}, materials: [], feedback: { channel: 'sms', phone: '', address: '' }, reviewNotes: '' };
    await call('saveDraft', { draft });
    const { openDrafts } = await call<{ openDrafts: { savedAt: string }[] }>('handOver', {});
    // Read independently of the terminal's own conversion: the wall clock in Shanghai.
    const china = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    await page.goto(h.url);
    await expect(page.getByTestId('sign-in-drafts')).toContainText(`T0042 于 ${china.format(new Date(openDrafts[0]!.savedAt))} 保存`);
  } finally {
    await h.stop();
  }
});

test('the sign-in screen offers the language switch, and the language chosen stays after sign-out and hand-over', async ({ page }) => {
  const h = await startHarness({ signIn: null });
  try {
    await page.goto(h.url);
    await page.getByTestId('sign-in-language').click();
    await expect(page.getByTestId('sign-in')).toContainText('Sign in at the window');
    const signIn = async () => {
      await page.getByTestId('sign-in-user').fill('T0043');
      await page.getByTestId('sign-in-pin').fill(TEST_PIN);
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', 'T0043');
    };
    await signIn();
    await expect(page.getByTestId('tab-intake')).toContainText('Intake');
    // At 1024 px the English status bar keeps to one line, as the Chinese one does (its long title wrapped it).
    await page.setViewportSize({ width: 1024, height: 768 });
    const tops = await page.locator('.status-bar .ant-tag').evaluateAll((tags) => tags.map((e) => e.getBoundingClientRect().top));
    expect(tops.length).toBeGreaterThan(3);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(10);
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('sign-in')).toContainText('Sign in at the window');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await signIn();
    await page.getByTestId('hand-over').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect(page.getByTestId('sign-in')).toContainText('Sign in at the window');

    // And back: Chinese is kept the same way.
    await page.getByTestId('sign-in-language').click();
    await expect(page.getByTestId('sign-in')).toContainText('柜员签到');
    await page.reload();
    await expect(page.getByTestId('sign-in')).toContainText('柜员签到');
  } finally {
    await h.stop();
  }
});
