/** Messages between the fleet runner and its endpoint process (endpoint-process.ts). */
export interface EndpointSetup {
  capacityPerSec: number;
  overload: 429 | 503;
}

export type EndpointRequest = { type: 'up' } | { type: 'report' } | { type: 'close' };

export type EndpointMessage =
  | { type: 'ready'; si: string; tax: string }
  | { type: 'up'; t0: number }
  /** records: [ms since up, 0 read / 1 write, HTTP status (0: cut), case revisions carried]. applied: 'caseId:rev' per application. */
  | { type: 'report'; records: [number, number, number, number][]; applied: string[] };
