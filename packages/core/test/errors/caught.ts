// The one way the specs take the error a call throws: a spec that checks a refusal's class, code,
// field or message asks `caught(() => call())` (an async call: `await rejected(call())`) for the
// MahnwerkError; any other throw (a defect, not a refusal) and a call that throws nothing fail the spec.
import { MahnwerkError } from '../../src/index.js';

/** The MahnwerkError `fn` throws; rethrows any other error, and fails when `fn` throws nothing. */
export function caught(fn: () => unknown): MahnwerkError {
  try {
    fn();
  } catch (e) {
    if (MahnwerkError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a MahnwerkError');
}

/** The MahnwerkError `p` rejects with; rethrows any other error, and fails when `p` resolves. */
export async function rejected(p: Promise<unknown>): Promise<MahnwerkError> {
  try {
    await p;
  } catch (e) {
    if (MahnwerkError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected the promise to reject');
}
