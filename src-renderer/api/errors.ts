import type { CallError } from '../../src-main/contract';

/** A failed call, as the UI handles it: the contract's typed error. */
export class ApiError extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
  }
}
