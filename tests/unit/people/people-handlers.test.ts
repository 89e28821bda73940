import { describe, expect, it } from 'vitest';
import { createPeopleHandlers } from '../../../src-main/core/people/people-handlers';
import type { WindowSession } from '../../../src-main/core/people/window-session';

describe('people handlers', () => {
  it('windowState is answered first; the screen-shown hook (the core warms the item search) runs after the answer', async () => {
    const steps: string[] = [];
    const session = {
      state: () => {
        steps.push('state');
        return { user: null, firstRun: false, users: [] };
      },
    } as unknown as WindowSession;
    const handlers = createPeopleHandlers(session, () => steps.push('shown'));
    const answer = await handlers.windowState({});
    steps.push('answered');
    expect(answer).toMatchObject({ user: null });
    expect(steps).toEqual(['state', 'answered']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['state', 'answered', 'shown']);
  });
});
