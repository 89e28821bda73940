/**
 * Process-wide registry of values that must never reach a log file although no pattern can recognise
 * them (an applicant's name above all). The case service registers the applicant's name when a case
 * opens and releases it when the case closes; every redacting sink in the process consults this registry.
 */

/** Shorter values would wreck ordinary log text (a one-character surname matches everywhere). */
const MIN_LENGTH = 2;

const counts = new Map<string, number>();
let version = 0;

function forms(value: string): string[] {
  const trimmed = value.trim();
  if (Array.from(trimmed).length < MIN_LENGTH) return [];
  // The value as it appears inside a JSON string, when escaping changes it.
  const escaped = JSON.stringify(trimmed).slice(1, -1);
  return escaped === trimmed ? [trimmed] : [trimmed, escaped];
}

/**
 * Registers a value (e.g. the applicant's name) so that every sink replaces it with `[NAME]`.
 * Returns the release function; registrations are counted, so two open cases of the same person are safe.
 */
export function registerSensitive(value: string): () => void {
  const keys = forms(value);
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  if (keys.length > 0) version++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    unregisterSensitive(value);
  };
}

/** Releases one registration of a value. */
export function unregisterSensitive(value: string): void {
  let changed = false;
  for (const key of forms(value)) {
    const n = counts.get(key);
    if (n === undefined) continue;
    if (n <= 1) counts.delete(key);
    else counts.set(key, n - 1);
    changed = true;
  }
  if (changed) version++;
}

/** Changes whenever the registered set changes (sinks rebuild their matcher lazily). */
export function sensitiveVersion(): number {
  return version;
}

/** The registered values, longest first. */
export function sensitiveValues(): string[] {
  return [...counts.keys()].sort((a, b) => b.length - a.length);
}

/** Forgets every registration (tests only). */
export function clearSensitive(): void {
  counts.clear();
  version++;
}
