/**
 * The bureau's side of the fleet simulation, in its own process (the other core of the machine): the private-line
 * simulator with a capacity on both endpoints, down (not listening: connection refused) until the parent says the
 * line is back. Talks to the parent over IPC: `ready` with the URLs, `up` → `{t0}`, `report` → every request
 * since `up` and every case revision the endpoints applied, `close`.
 */
import { startSimulator, type RequestRecord } from '../../src-main/simulator';
import type { EndpointRequest, EndpointMessage, EndpointSetup } from './protocol';

const setup = JSON.parse(process.argv[2] ?? '{}') as EndpointSetup;
let t0 = 0;
/** [ms since the line came back, 0 read / 1 write, status, cost] per request. */
const records: [number, number, number, number][] = [];
const onAnswered = (r: RequestRecord) => {
  if (r.endpoint === 'si') records.push([r.at - t0, r.method === 'GET' ? 0 : 1, r.status, r.cost]);
};
const capacity = { perSec: setup.capacityPerSec, overload: setup.overload };
const sim = await startSimulator({ seed: 7, errandReceiptDelayMs: null, faults: { si: { capacity }, tax: { capacity } }, onAnswered });
await sim.control.setDown('si', true);
await sim.control.setDown('tax', true);

const send = (m: EndpointMessage) => process.send!(m);
process.on('message', (m: EndpointRequest) => {
  void (async () => {
    switch (m.type) {
      case 'up':
        t0 = Date.now();
        await sim.control.setDown('si', false);
        await sim.control.setDown('tax', false);
        send({ type: 'up', t0 });
        break;
      case 'report': {
        const applied = sim.control.cases().flatMap((c) => c.revisions.map((rev) => `${c.caseId}:${rev}`));
        send({ type: 'report', records, applied });
        break;
      }
      case 'close':
        await sim.close();
        process.exit(0);
    }
  })();
});
send({ type: 'ready', si: sim.si.url, tax: sim.tax.url });
