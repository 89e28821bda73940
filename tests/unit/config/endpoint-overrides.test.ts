import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-main/core/config/schema';
import { withEndpointOverrides } from '../../../src-main/core/config/settings-lock';

const production = configSchema.parse({
  mode: 'production',
  terminalId: '3303-LW-0012-W03',
  branchCode: '3303-LW-0012',
  windowNo: 3,
  tellerId: 'T0042',
  endpoints: { si: { url: 'https://si.bureau.example:8443' }, tax: { url: 'https://tax.bureau.example:8443' } },
});
const training = configSchema.parse({ ...production, mode: 'training', endpoints: { si: { url: null }, tax: { url: null } } });

describe('command-line endpoint overrides', () => {
  it('apply in training: the named endpoint changes, its other settings and the other endpoint stay', () => {
    const out = withEndpointOverrides(training, { si: 'http://127.0.0.1:9001' });
    expect(out.endpoints.si).toEqual({ ...training.endpoints.si, url: 'http://127.0.0.1:9001' });
    expect(out.endpoints.tax).toEqual(training.endpoints.tax);
    expect(training.endpoints.si.url).toBeNull(); // the loaded config itself is not changed
  });

  it('are refused in production, naming the flags; without any the provisioned file stands', () => {
    expect(() => withEndpointOverrides(production, { tax: 'https://elsewhere.example' })).toThrow(
      '--tax-url: the endpoints of a production terminal come only from its provisioned file',
    );
    expect(() => withEndpointOverrides(production, { si: 'https://a.example', tax: 'https://b.example' })).toThrow(/^--si-url and --tax-url: /);
    expect(withEndpointOverrides(production, {})).toBe(production);
  });
});
