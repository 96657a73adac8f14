import type { RateLimit } from '../providers/registry';

/** Each window is kept this much longer than documented. */
export const WINDOW_MARGIN_MS = 25;

/**
 * Sliding-window pacing. Each call to `reserve()` books the earliest slot that keeps at most `limit`
 * requests in any `intervalMs` window and returns how long the caller must wait for it. Booking is
 * synchronous, so concurrent callers never race for the same slot.
 */
export class SlidingWindow {
	private readonly slots: number[];
	private next = 0;
	private readonly spanMs: number;

	constructor(rate: RateLimit) {
		this.slots = new Array<number>(rate.limit).fill(-Infinity);
		// The provider counts arrivals, which lag the booked time by a varying few ms (event loop, connect),
		// so a full window booked exactly would sometimes arrive as limit + 1 and get a 429.
		this.spanMs = rate.intervalMs + WINDOW_MARGIN_MS;
	}

	/** The booked send time, in epoch ms, for a request that could go at `earliest`. */
	book(earliest: number): number {
		const at = Math.max(earliest, this.slots[this.next] + this.spanMs);
		this.slots[this.next] = at;
		this.next = (this.next + 1) % this.slots.length;
		return at;
	}

	/** The earliest time a request could be booked, without booking it. */
	peek(earliest: number): number {
		return Math.max(earliest, this.slots[this.next] + this.spanMs);
	}
}

/**
 * One throttle per provider + credential + bucket. Every window of the bucket is honoured, and a 429
 * pauses the throttle for the server's Retry-After and slows it until successes bring it back.
 */
export class Throttle {
	private readonly windows: SlidingWindow[];
	private pausedUntil = 0;
	/** ≥ 1; multiplies the minimum gap between requests after a 429. */
	private slowdown = 1;
	private lastBooked = 0;
	private readonly baseGapMs: number;

	constructor(limits: RateLimit[]) {
		this.windows = limits.map((rate) => new SlidingWindow(rate));
		// With no documented limit, a 429 still spaces requests by 10 ms × slowdown.
		this.baseGapMs = limits.length
			? Math.max(...limits.map((rate) => rate.intervalMs / rate.limit))
			: 10;
	}

	/** The earliest send time at or after `at` that this throttle accepts. */
	earliest(at: number): number {
		let time = Math.max(at, this.pausedUntil);
		if (this.slowdown > 1) time = Math.max(time, this.lastBooked + this.baseGapMs * this.slowdown);
		for (const window of this.windows) time = Math.max(time, window.peek(time));
		return time;
	}

	book(at: number): void {
		for (const window of this.windows) window.book(at);
		this.lastBooked = Math.max(this.lastBooked, at);
	}

	/** The provider answered 429 anyway: pause for its wait and slow down, so several workers converge. */
	onRateLimited(waitMs: number, now = Date.now()): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		this.slowdown = Math.min(this.slowdown * 2, 16);
	}

	onSuccess(): void {
		if (this.slowdown > 1) this.slowdown = Math.max(1, this.slowdown * 0.9);
	}

	/** How long a 429 has paused this throttle for, from `now`. */
	pausedFor(now = Date.now()): number {
		return Math.max(0, this.pausedUntil - now);
	}

	get currentSlowdown(): number {
		return this.slowdown;
	}
}

/** Books one slot that every throttle accepts and returns the wait in ms before sending. */
export function reserve(throttles: Throttle[], now = Date.now()): number {
	let at = now;
	// A later time never makes a window refuse, so a few passes settle on a slot all accept.
	for (let pass = 0; pass < 4; pass++) {
		const next = Math.max(at, ...throttles.map((throttle) => throttle.earliest(at)));
		if (next === at) break;
		at = next;
	}
	for (const throttle of throttles) throttle.book(at);
	return Math.max(0, at - now);
}

const throttles = new Map<string, Throttle>();

/** Throttles live for the process, so executions sharing a credential share its pace. */
export function getThrottle(key: string, limits: RateLimit[]): Throttle {
	let throttle = throttles.get(key);
	if (!throttle) {
		throttle = new Throttle(limits);
		throttles.set(key, throttle);
	}
	return throttle;
}

export function resetThrottles(): void {
	throttles.clear();
}
