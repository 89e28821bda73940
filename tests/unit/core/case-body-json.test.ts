import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualPersonalData } from '../../../src-main/core/applicants/applicant-service';
import { buildCaseBody, caseBodyJsonChunks } from '../../../src-main/core/cases/case-body';
import { indexCatalog, loadCatalog } from '../../../src-main/core/catalog/load';
import { configSchema } from '../../../src-main/core/config/schema';
import { intakeInput } from '../../bench/_cases';

const item = indexCatalog(loadCatalog()).item('SI-06-01')!;
const config = configSchema.parse({ mode: 'training' });

function body(pngBase64: string | null, form?: Record<string, string | number | null>) {
  const input = intakeInput('0193a1b2-0000-7000-8000-000000000001', 'a1', item, pngBase64 ?? '');
  if (pngBase64 === null) delete input.signature;
  if (form) input.form = form;
  return buildCaseBody({ input, item, personal: manualPersonalData('11010519491231002X', '王芳'), config, tellerId: 'T0042', rev: 1, acceptedAt: '2026-12-05T10:00:00.000+08:00' });
}

const text = (b: ReturnType<typeof body>) => Buffer.concat(caseBodyJsonChunks(b)).toString('utf8');

describe('caseBodyJsonChunks: the case body as JSON without serialising the signature through JSON.stringify', () => {
  it('is byte for byte JSON.stringify(body), with the base64 PNG passed through as one chunk', () => {
    const b = body(randomBytes(7_500).toString('base64'));
    const chunks = caseBodyJsonChunks(b);
    expect(chunks).toHaveLength(3);
    expect(chunks[1]!.toString('latin1')).toBe(b.signature!.png);
    expect(Buffer.concat(chunks).equals(Buffer.from(JSON.stringify(b), 'utf8'))).toBe(true);
  });

  it('stays JSON.stringify for any form (a field named png included), any signature text and none', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.string(), fc.constant('png')), fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
        fc.oneof(fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u).toString('base64')), fc.string(), fc.constant(null)),
        (form, png) => {
          const b = body(png, form);
          expect(text(b)).toBe(JSON.stringify(b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets text that is not canonical base64 (quotes, backslashes, line breaks) be escaped by JSON.stringify', () => {
    for (const png of ['ab"c', 'a\\b', 'QUJD\nREVG', 'QUJ=', '"png":""']) {
      const b = body(png);
      expect(caseBodyJsonChunks(b)).toHaveLength(1);
      expect(JSON.parse(text(b))).toEqual(b);
    }
  });
});
