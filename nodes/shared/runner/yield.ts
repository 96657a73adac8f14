import { sleep } from 'n8n-workflow';

/** Longest stretch an item loop may hold the event loop. */
export const YIELD_EVERY_MS = 20;

/**
 * Lets timers and I/O run during a long item loop. n8n's `vm` engine spends milliseconds per item on
 * expressions, and a queue-mode worker whose event loop is held for about a minute loses its job lock:
 * n8n then reports the execution failed while it still runs.
 */
export function yielder(everyMs = YIELD_EVERY_MS): () => Promise<void> | undefined {
	let last = Date.now();
	return () => {
		const now = Date.now();
		if (now - last < everyMs) return undefined;
		last = now;
		// `sleep(0)` is a macrotask: timers (the queue's lock renewal among them) and I/O callbacks run first.
		return sleep(0).then(() => {
			last = Date.now();
		});
	};
}
