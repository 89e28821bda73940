import type { IdCardReader, ReaderStatusEvent, SamError } from '../../native/idcard';
import type { IdCardData } from '../../native/idcard/types';

/** Starts the reader's polling loop (every 20 ms) and collects what it reports, for assertions. */
export function pollReader(reader: IdCardReader): { cards: IdCardData[]; errors: SamError[]; statuses: ReaderStatusEvent['state'][]; stop: () => void } {
  const cards: IdCardData[] = [];
  const errors: SamError[] = [];
  const statuses: ReaderStatusEvent['state'][] = [];
  const stop = reader.startPolling({
    intervalMs: 20,
    onCard: (c) => cards.push(c),
    onError: (e) => errors.push(e),
    onStatus: (s) => statuses.push(s.state),
  });
  return { cards, errors, statuses, stop };
}
