export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine';
export { appendOutbox, appendEvaluationOutbox, idempotencyKey, type OutboxEntry } from './outbox';
export { verifyUnsentExport } from './unsent-export';
export { checkEndpointUrl, SyncConfigError } from './http-client';
export { DEFAULT_TUNING, type EndpointStatus, type LineState, type Reason, type SignedExport, type SyncEvent, type SyncTuning, type UnsentExportPayload } from './types';
