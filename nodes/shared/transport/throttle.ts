import { sleep } from 'n8n-workflow';

import type { RateLimit } from './spec';

/** Each window is kept this much longer than documented: arrivals lag the send by a few ms (connect, network). */
export const WINDOW_MARGIN_MS = 25;
/** A 429 episode multiplies the pace by this. */
export const DECREASE = 0.7;
/** Each answer that is not a 429 adds this share of the documented rate back. */
export const INCREASE_SHARE = 0.01;
/** Slowest pace a throttle falls to, in requests per second. */
const MIN_RATE = 0.5;

/** At most `limit` sends in any `intervalMs`, counted over the times requests actually went out. */
export class SlidingWindow {
	private readonly sent: number[];
	private next = 0;
	private readonly spanMs: number;

	constructor(rate: RateLimit) {
		this.sent = new Array<number>(rate.limit).fill(-Infinity);
		this.spanMs = rate.intervalMs + WINDOW_MARGIN_MS;
	}

	/** How long from `now` until one more send fits. */
	waitAt(now: number): number {
		return Math.max(0, this.sent[this.next] + this.spanMs - now);
	}

	record(now: number): void {
		this.sent[this.next] = now;
		this.next = (this.next + 1) % this.sent.length;
	}
}

/**
 * One throttle per provider, credential and bucket. The documented windows are a hard ceiling over the
 * real send times, so a stalled event loop that releases many timers at once still cannot overrun them.
 * Under it runs an AIMD pace, for the case where several processes share one account: each 429 episode
 * (429s for requests sent after the last decrease) pauses for Retry-After and multiplies the pace by 0.7;
 * every other answer adds 1 % of the documented rate back.
 */
export class Throttle {
	private readonly windows: SlidingWindow[];
	/** Documented requests per second (the tightest window), or Infinity when none is documented. */
	private readonly ceiling: number;
	/** The AIMD pace in requests per second; Infinity while no 429 has been seen. */
	private rate = Infinity;
	private pausedUntil = 0;
	private decreasedAt = -Infinity;
	private lastSent = -Infinity;
	/** Send times of the last second, to estimate the pace when no limit is documented. */
	private recent: number[] = [];

	constructor(limits: readonly RateLimit[]) {
		this.windows = limits.map((rate) => new SlidingWindow(rate));
		this.ceiling = limits.length ? Math.min(...limits.map((rate) => (rate.limit * 1000) / rate.intervalMs)) : Infinity;
	}

	/** How long from `now` until this throttle lets one more request go. */
	waitAt(now: number): number {
		let wait = Math.max(0, this.pausedUntil - now);
		if (Number.isFinite(this.rate)) wait = Math.max(wait, this.lastSent + 1000 / this.rate - now);
		for (const window of this.windows) wait = Math.max(wait, window.waitAt(now));
		return wait;
	}

	record(now: number): void {
		for (const window of this.windows) window.record(now);
		this.lastSent = now;
		if (!Number.isFinite(this.ceiling)) {
			this.recent.push(now);
			while (this.recent.length && this.recent[0] <= now - 1000) this.recent.shift();
		}
	}

	/** A 429 for a request sent at `sentAt`: pause for the server's wait, and slow down once per episode. */
	onRateLimited(waitMs: number, sentAt: number, now = Date.now()): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		if (sentAt < this.decreasedAt) return;
		const current = Number.isFinite(this.rate) ? this.rate : Number.isFinite(this.ceiling) ? this.ceiling : Math.max(this.recent.length, 1);
		this.rate = Math.max(MIN_RATE, current * DECREASE);
		this.decreasedAt = now;
	}

	/** Any answer but a 429: recover additively, up to the documented rate. */
	onAnswer(): void {
		if (!Number.isFinite(this.rate)) return;
		const step = Math.max(INCREASE_SHARE * (Number.isFinite(this.ceiling) ? this.ceiling : this.rate), 0.1);
		this.rate += step;
		if (this.rate >= this.ceiling) this.rate = Infinity;
	}

	/** The current pace in requests per second (Infinity: only the documented windows apply). */
	get pace(): number {
		return this.rate;
	}

	/** How long a 429 has paused this throttle for, from `now`. */
	pausedFor(now = Date.now()): number {
		return Math.max(0, this.pausedUntil - now);
	}
}

/**
 * Waits until every throttle lets a request go, records the send on all of them, and returns the send
 * time. The check and the record happen in one synchronous step, so concurrent callers never share a slot.
 */
export async function acquire(throttles: Throttle[]): Promise<number> {
	for (;;) {
		const now = Date.now();
		const wait = Math.max(0, ...throttles.map((throttle) => throttle.waitAt(now)));
		if (wait <= 0) {
			for (const throttle of throttles) throttle.record(now);
			return now;
		}
		await sleep(Math.ceil(wait));
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
