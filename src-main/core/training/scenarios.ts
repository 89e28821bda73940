import { fieldLabel, type CatalogItem, type FormField, type Material } from '../../contract';
import type { MaterialPlan, SampleCard, Scenario } from '../../contract/training';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { outcomeOf, type MaterialState } from './outcome';
import { pick, seededRandom, type Random } from './seeded-random';

/**
 * The generated part of the practice bank (测试库): scripted scenarios derived from the catalog, so that every one of
 * the 119 items has at least one and the bank follows the catalog when it is updated. Deterministic: the same catalog
 * gives the same scenarios on every terminal.
 *
 * Variants per item:
 * - `complete`: every required material brought → accepted (an immediate item completes on the spot);
 * - `deferred`: where a required material may be deferred (容缺), the applicant lacks it → accepted with a one-time notice;
 * - `lacking`: where a required material may not be deferred (and is not the identity document the card stands for),
 *   the applicant lacks it → not accepted, one-time notice listing what is missing.
 */
export function generateScenarios(item: CatalogItem): Scenario[] {
  const rnd = seededRandom(item.code);
  const card = pickCard(item, rnd);
  const form = Object.fromEntries(item.form.filter((f) => f.required || rnd.next() < 0.5).map((f) => [f.key, sampleValue(f, rnd)]));
  const required = item.materials.filter((m) => m.required);
  const deferrable = required.filter((m) => m.deferrable);
  const lackable = required.filter((m) => !m.deferrable && !isIdentityDocument(m));
  const feedback = feedbackFor(form);

  const plan = (missing?: { material: Material; as: MaterialPlan }) =>
    Object.fromEntries(
      item.materials
        .filter((m) => m.required || m === missing?.material)
        .map((m) => [m.code, m === missing?.material ? missing.as : 'brought'] as const),
    );
  const make = (variant: string, materials: Record<string, MaterialPlan>): Scenario => {
    const scenario: Omit<Scenario, 'expectedOutcome' | 'story'> = { id: `${item.code}#${variant}`, itemCode: item.code, card, form, materials, feedback };
    return { ...scenario, story: storyOf(item, scenario), expectedOutcome: expectedOutcome(item, materials) };
  };

  const scenarios = [make('complete', plan())];
  const toDefer = pick(deferrable, rnd);
  if (toDefer) scenarios.push(make('deferred', plan({ material: toDefer, as: 'deferred' })));
  const toLack = pick(lackable, rnd);
  if (toLack) scenarios.push(make('lacking', plan({ material: toLack, as: 'lacking' })));
  return scenarios;
}

/** The outcome a correct intake of these materials ends in: the production rule itself. */
export function expectedOutcome(item: CatalogItem, materials: Record<string, MaterialPlan>): Scenario['expectedOutcome'] {
  return outcomeOf(item, (code) => planState(materials[code]));
}

/** The mark a correct intake gives a material the applicant brings, defers or lacks. */
export function planState(plan: MaterialPlan | undefined): MaterialState {
  return plan === 'brought' ? 'received' : plan === 'deferred' ? 'deferred' : 'none';
}

/** The card whose holder the scenario is about: mostly residents, now and then a permit or a foreigner's card. */
function pickCard(item: CatalogItem, rnd: Random): SampleCard {
  if (item.line === 'TAX' || rnd.next() < 0.7) return rnd.next() < 0.5 ? 'residentLongwan' : 'residentLongTerm';
  return pick(['hkmoTw', 'foreignOld', 'foreign2023'] as const, rnd)!;
}

function isIdentityDocument(m: Material): boolean {
  return /身份证|居住证|永久居留|社会保障卡|通行证/.test(m.name);
}

/** The citizen is told of the result by SMS to the mobile they gave (the counter's usual way), or a sample mobile. */
function feedbackFor(form: Scenario['form']): Scenario['feedback'] {
  const phone = Object.values(form).find((v): v is string => typeof v === 'string' && /^1[3-9]\d{9}$/.test(v)) ?? '13905771234';
  return { channel: 'sms', phone };
}


const MOBILES = ['13905771234', '13857712345', '15967789012', '18757716789'];
const BANK_CARDS = ['6222021203001234565', '6228480402564890018', '6217001234567890122'];

/** A plausible, valid value for a field (fictitious), as the form takes it: amounts and integers as numbers. */
export function sampleValue(field: FormField, rnd: Random): string | number {
  switch (field.type) {
    case 'enum':
      return pick(field.options, rnd)!.value;
    case 'mobile':
    case 'phone':
      return pick(MOBILES, rnd)!;
    case 'idNumber':
      return '11010519491231002X';
    case 'creditCode':
      return '91350100M000100Y43';
    case 'bankCard':
      return pick(BANK_CARDS, rnd)!;
    case 'date':
      return `2026-${String(1 + Math.floor(rnd.next() * 11)).padStart(2, '0')}-${String(1 + Math.floor(rnd.next() * 28)).padStart(2, '0')}`;
    case 'month':
      return `2026-${String(1 + Math.floor(rnd.next() * 11)).padStart(2, '0')}`;
    case 'amountFen': {
      const min = field.minFen ?? 0;
      const max = field.maxFen ?? Math.max(min, 10_000_00);
      // Whole yuan, as applicants state amounts.
      return Math.max(min, Math.round((min + rnd.next() * (max - min)) / 100) * 100);
    }
    case 'integer': {
      const min = field.min ?? 1;
      const max = field.max ?? min + 10;
      return min + Math.floor(rnd.next() * (max - min + 1));
    }
    case 'text':
    case 'textarea':
      return `练习${field.label}`.slice(0, field.maxLength ?? 40);
  }
}

const CHANNEL_TEXT: Record<Scenario['feedback']['channel'], string> = {
  sms: '短信通知',
  phone: '电话通知',
  courier: '快递寄送',
  bank_card: '银行卡到账',
  pickup: '窗口当场领取',
};

/** The story the teller reads (Chinese, the practice bank's language like the catalog's). */
function storyOf(item: CatalogItem, s: Omit<Scenario, 'expectedOutcome' | 'story'>): string {
  const holder = SAMPLE_CARDS[s.card];
  const values = item.form
    .filter((f) => s.form[f.key] !== undefined)
    .map((f) => `${fieldLabel(f)}：${displayValue(f, s.form[f.key]!)}`)
    .join('；');
  const brought = item.materials.filter((m) => s.materials[m.code] === 'brought').map((m) => m.name);
  const deferred = item.materials.filter((m) => s.materials[m.code] === 'deferred').map((m) => m.name);
  const lacking = item.materials.filter((m) => s.materials[m.code] === 'lacking').map((m) => m.name);
  const parts = [
    `${holder.name}持证件前来，要办理「${item.name}」，提供的信息为——${values || '无需填写'}。`,
    `带来了：${brought.join('、') || '无'}。`,
    deferred.length ? `${deferred.join('、')}今天没有带，愿意事后补交。` : '',
    lacking.length ? `${lacking.join('、')}没有带来。` : '',
    `办理结果希望${CHANNEL_TEXT[s.feedback.channel]}${s.feedback.phone ? `（${s.feedback.phone}）` : ''}。`,
  ];
  return parts.join('').slice(0, 600);
}

function displayValue(field: FormField, value: string | number): string {
  if (field.type === 'amountFen' && typeof value === 'number') return `${(value / 100).toFixed(2)}元`;
  if (field.type === 'enum') return field.options.find((o) => o.value === value)?.label ?? String(value);
  return String(value);
}
