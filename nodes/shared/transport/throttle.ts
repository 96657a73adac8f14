import { sleep } from 'n8n-workflow';

import type { RateLimit } from './spec';

/** Each window is kept this much longer than documented: clocks count in whole milliseconds. */
export const WINDOW_MARGIN_MS = 2;
/** A 429 episode multiplies the pace by this. */
export const DECREASE = 0.7;
/** Each answer that is not a 429 adds this share of the documented rate back. */
export const INCREASE_SHARE = 0.01;
/** Slowest pace a throttle falls to, in requests per second. */
const MIN_RATE = 0.5;

/**
 * At most `limit` requests per `intervalMs` as the provider counts them, by arrival. A request arrives after
 * it is sent and before its answer comes back, however late a busy event loop or the network makes it. So
 * a request counts while it is under way, and until `intervalMs` after its answer: then no `limit + 1`
 * requests can arrive within one interval, whatever the jitter. A request the provider refused with a 429
 * stops counting at once, as the provider does not count it either.
 */
export class SlidingWindow {
	private readonly limit: number;
	private readonly spanMs: number;
	private inFlight = 0;
	/** Answer times of counted requests, oldest first; those before `head` have left the window. */
	private answeredAt: number[] = [];
	private head = 0;

	constructor(rate: RateLimit) {
		this.limit = rate.limit;
		this.spanMs = rate.intervalMs + WINDOW_MARGIN_MS;
	}

	/**
	 * How long from `now` until one more request fits, with `share` of the limit allowed (the AIMD pace);
	 * Infinity while the requests under way fill it.
	 */
	waitAt(now: number, share = 1): number {
		while (this.head < this.answeredAt.length && this.answeredAt[this.head] + this.spanMs <= now) this.head++;
		if (this.head > 1024 && this.head * 2 > this.answeredAt.length) {
			this.answeredAt = this.answeredAt.slice(this.head);
			this.head = 0;
		}
		// The epsilon keeps 0.7 × 0.7 of 100 at 49, not 48.
		const allowed = Math.max(1, Math.floor(this.limit * share + 1e-9));
		const answered = this.answeredAt.length - this.head;
		const over = this.inFlight + answered - allowed;
		if (over < 0) return 0;
		// The (over + 1) oldest answers must leave the window; none will while requests under way fill it.
		return over < answered ? this.answeredAt[this.head + over] + this.spanMs - now : Infinity;
	}

	/** A request goes out. */
	record(): void {
		this.inFlight++;
	}

	/** Its answer came back at `at`; `counted` false for a 429, which the provider did not count. */
	settle(at: number, counted = true): void {
		this.inFlight--;
		if (!counted) return;
		// Answers mostly come in time order: insert from the end.
		let index = this.answeredAt.length;
		this.answeredAt.push(at);
		while (index > this.head && this.answeredAt[index - 1] > at) {
			this.answeredAt[index] = this.answeredAt[index - 1];
			index--;
		}
		this.answeredAt[index] = at;
	}
}

/** Call when the request's answer (or failure) has come back; `counted` false for a 429. */
export type Settle = (at?: number, counted?: boolean) => void;

/**
 * One throttle per provider, credential and bucket. The documented windows are a hard ceiling over the
 * real send times, so a stalled event loop that releases many timers at once still cannot overrun them.
 * Under it runs an AIMD pace, for the case where several processes share one account: each 429 episode
 * (429s for requests sent after the last decrease) pauses for Retry-After and multiplies the pace by 0.7;
 * every other answer adds 1 % of the documented rate back.
 *
 * With documented limits the pace is a share of the shortest window, not a spacing between requests: that
 * window still fills at its start. Two workers that each use 0.49 of a 100-per-2-s window then fill it
 * together in its first moments, where evenly spaced requests would spread the last window's requests over
 * its whole span. The longer windows (per minute, per hour) stay at their documented limits: a share of
 * them could fall below what the last hour already used, and stop the requests for the rest of that hour.
 */
export class Throttle {
	private readonly windows: SlidingWindow[];
	/** Documented requests per second (the tightest window), or Infinity when none is documented. */
	private readonly ceiling: number;
	/** The shortest documented window, which the AIMD pace is a share of. */
	private readonly paced: SlidingWindow | undefined;
	/** Its documented requests per second. */
	private readonly pacedRate: number;
	/** The AIMD pace as a share of that window; 1 while no 429 has been seen. */
	private share = 1;
	/** With no documented limit: the AIMD pace in requests per second, Infinity while no 429 has been seen. */
	private rate = Infinity;
	private pausedUntil = 0;
	private decreasedAt = -Infinity;
	private lastSent = -Infinity;
	/** Send times of the last second, to estimate the pace when no limit is documented. */
	private recent: number[] = [];
	/** acquire() calls waiting for a request under way to be answered. */
	private waiting: Array<() => void> = [];

	constructor(limits: readonly RateLimit[]) {
		this.windows = limits.map((rate) => new SlidingWindow(rate));
		this.ceiling = limits.length ? Math.min(...limits.map((rate) => (rate.limit * 1000) / rate.intervalMs)) : Infinity;
		const shortest = limits.reduce<number>((best, rate, index) => (best < 0 || rate.intervalMs < limits[best].intervalMs ? index : best), -1);
		this.paced = this.windows[shortest];
		this.pacedRate = shortest < 0 ? Infinity : (limits[shortest].limit * 1000) / limits[shortest].intervalMs;
	}

	/** How long from `now` until this throttle lets one more request go. */
	waitAt(now: number): number {
		let wait = Math.max(0, this.pausedUntil - now);
		if (Number.isFinite(this.rate)) wait = Math.max(wait, this.lastSent + 1000 / this.rate - now);
		for (const window of this.windows) wait = Math.max(wait, window.waitAt(now, window === this.paced ? this.share : 1));
		return wait;
	}

	/** A request goes out at `now`; the returned function settles it when its answer is back. */
	record(now: number): Settle {
		for (const window of this.windows) window.record();
		this.lastSent = now;
		if (!Number.isFinite(this.ceiling)) {
			this.recent.push(now);
			while (this.recent.length && this.recent[0] <= now - 1000) this.recent.shift();
		}
		let settled = false;
		return (at = Date.now(), counted = true) => {
			if (settled) return;
			settled = true;
			for (const window of this.windows) window.settle(at, counted);
			const waiting = this.waiting;
			this.waiting = [];
			for (const wake of waiting) wake();
		};
	}

	/** Resolves when a request of this throttle is answered (a slot may have freed). */
	answered(): Promise<void> {
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	/** A 429 for a request sent at `sentAt`: pause for the server's wait, and slow down once per episode. */
	onRateLimited(waitMs: number, sentAt: number, now = Date.now()): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		if (sentAt < this.decreasedAt) return;
		this.decreasedAt = now;
		if (this.paced) {
			this.share = Math.max(MIN_RATE / this.pacedRate, this.share * DECREASE);
			return;
		}
		const current = Number.isFinite(this.rate) ? this.rate : Math.max(this.recent.length, 1);
		this.rate = Math.max(MIN_RATE, current * DECREASE);
	}

	/** Any answer but a 429: recover additively, up to the documented rate. */
	onAnswer(): void {
		if (this.paced) {
			this.share = Math.min(1, this.share + INCREASE_SHARE);
			return;
		}
		if (!Number.isFinite(this.rate)) return;
		this.rate += Math.max(INCREASE_SHARE * this.rate, 0.1);
	}

	/** The current pace: requests per second of the shortest window (Infinity: only the documented windows apply). */
	get pace(): number {
		if (this.paced) return this.share < 1 ? this.share * this.pacedRate : Infinity;
		return this.rate;
	}

	/** How long a 429 has paused this throttle for, from `now`. */
	pausedFor(now = Date.now()): number {
		return Math.max(0, this.pausedUntil - now);
	}
}

/**
 * Waits until every throttle lets a request go, records the send on all of them, and returns the send
 * time with the function that settles it. The check and the record happen in one synchronous step, so
 * concurrent callers never share a slot.
 */
export async function acquire(throttles: Throttle[]): Promise<{ sentAt: number; settle: Settle }> {
	for (;;) {
		const now = Date.now();
		const waits = throttles.map((throttle) => throttle.waitAt(now));
		const wait = Math.max(0, ...waits);
		if (wait <= 0) {
			const settles = throttles.map((throttle) => throttle.record(now));
			return { sentAt: now, settle: (at = Date.now(), counted = true) => settles.forEach((settle) => settle(at, counted)) };
		}
		if (Number.isFinite(wait)) await sleep(Math.ceil(wait));
		// Requests under way fill a window: an answer frees room.
		else await Promise.race(throttles.filter((_, index) => !Number.isFinite(waits[index])).map((throttle) => throttle.answered()));
	}
}

const throttles = new Map<string, Throttle>();

/** Throttles live for the process, so executions sharing a credential share its pace. */
export function getThrottle(key: string, limits: readonly RateLimit[]): Throttle {
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
