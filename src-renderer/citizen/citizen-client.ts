import {
  citizenCallNames,
  type CallResult,
  type CitizenBridgeApi,
  type CitizenCallInput,
  type CitizenCallName,
  type CitizenCallOutput,
} from '../../src-main/contract';
import { ApiError } from '../api/errors';

declare global {
  interface Window {
    /** What the citizen window's Electron preload exposes (src-main/electron/citizen-preload.ts): two calls. */
    onewindowCitizen?: CitizenBridgeApi;
  }
}

/** Web host: the two calls over HTTP with the citizen view's own token from the page URL. */
function webCall(name: CitizenCallName, input: unknown): Promise<CallResult<unknown>> {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return fetch(`/citizen/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input ?? {}),
  }).then(
    (res) => res.json() as Promise<CallResult<unknown>>,
    () => ({ ok: false, error: { code: 'unavailable', message: 'the terminal cannot be reached', messageKey: 'error.coreUnreachable' } }),
  );
}

const bridge = window.onewindowCitizen;

/** The citizen view's API: show the current case, rate it. A failed call throws ApiError. */
export const citizenApi = Object.fromEntries(
  citizenCallNames.map((name) => [
    name,
    async (input: unknown) => {
      const result = bridge ? await (bridge[name] as (i: unknown) => Promise<CallResult<unknown>>)(input) : await webCall(name, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value;
    },
  ]),
) as { [N in CitizenCallName]: (input: CitizenCallInput<N>) => Promise<CitizenCallOutput<N>> };
