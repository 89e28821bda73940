/**
 * Benchmark: time from an ID card being placed on the (emulated) reader to IdCardData in the driver,
 * over a real socat pty at 115200 baud, as a ratio to the wire time of the bytes exchanged for that read
 * (find + select + read text/photo; bytes × 10 bits / baud). The emulator paces its answers to the baud
 * rate, as a real UART would. Run: npx tsx tests/bench/card-read.ts [iterations]
 */
import { createIdCardReader } from '../../native/idcard';
import { startIdCardEmulator } from '../../native/idcard/emulator';
import { SAMPLE_CARDS } from '../../native/idcard/sample-cards';
import { SAM_CMD, encodeCommand, encodeResponse } from '../../native/idcard/sam-frame';
import { createPtyPair, createSerialTransport } from '../../native/transports';

const BAUD = 115200;
const ITERATIONS = Number(process.argv[2] ?? 25);
const POLL_MS = 5;

function wireBytesOfOneRead(): number {
  const cmds = [SAM_CMD.findCard, SAM_CMD.selectCard, SAM_CMD.readText].map(([c, p]) => encodeCommand(c, p).length);
  const answers = [
    encodeResponse(0x9f, new Uint8Array(4)).length,
    encodeResponse(0x90, new Uint8Array(8)).length,
    encodeResponse(0x90, new Uint8Array(4 + 256 + 1024)).length,
  ];
  return [...cmds, ...answers].reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  console.log(`card-read: ${ITERATIONS} placements over a socat pty at ${BAUD} baud, reader polling every ${POLL_MS} ms`);
  const pty = await createPtyPair();
  const emu = await startIdCardEmulator({ path: pty.a, baudRate: BAUD, paceToBaud: true });
  const reader = createIdCardReader(createSerialTransport({ path: pty.b, baudRate: BAUD }));
  const times: number[] = [];
  try {
    let onCard: (() => void) | null = null;
    let onRemoved: (() => void) | null = null;
    const stop = reader.startPolling({
      intervalMs: POLL_MS,
      onCard: () => onCard?.(),
      onStatus: (s) => {
        if (s.state === 'card_removed') onRemoved?.();
      },
      onError: (e) => console.log(`  reader error: ${e.code}`),
    });
    for (let i = 0; i < ITERATIONS; i++) {
      // place at a random phase of the polling cycle
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS * 2));
      const read = new Promise<void>((r) => (onCard = r));
      const t0 = performance.now();
      emu.placeCard(SAMPLE_CARDS.residentLongwan);
      await read;
      times.push(performance.now() - t0);
      const removed = new Promise<void>((r) => (onRemoved = r));
      emu.removeCard();
      await removed;
    }
    stop();
  } finally {
    await reader.close().catch(() => undefined);
    await emu.close().catch(() => undefined);
    await pty.close();
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)]!;
  const bytes = wireBytesOfOneRead();
  const wireMs = (bytes * 10 * 1000) / BAUD;
  console.log(`  wire bytes per read: ${bytes} → ${wireMs.toFixed(1)} ms at ${BAUD} baud`);
  console.log(`  placed → IdCardData: min ${times[0]!.toFixed(1)} ms, p50 ${p50.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
  const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({ bench: 'card-read', wire_ms: round(wireMs, 1), p50_ms: round(p50, 1), ratio: round(p50 / wireMs, 3) }));
}

await main();
