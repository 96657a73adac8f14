import { sleep } from 'n8n-workflow';

import type { RateLimit } from './spec';

/** Each window is kept this much longer than documented: clocks count in whole milliseconds. */
export const WINDOW_MARGIN_MS = 2;
/** A 429 episode multiplies the pace by this. */
export const DECREASE = 0.7;
/** Each answer that is not a 429 adds this share of the documented rate back. */
export const INCREASE_SHARE = 0.03;
/** Slowest pace a throttle falls to, in requests per second. */
const MIN_RATE = 0.5;

/**
 * At most `limit` requests per `intervalMs` as the provider counts them, by arrival. A request arrives after
 * it is sent and before its answer comes back, however late a busy event loop or the network makes it. So
 * a slot is held while its request is under way, and frees `intervalMs` after the answer: two requests
 * `limit` apart then arrive at least `intervalMs` apart, whatever the jitter.
 */
export class SlidingWindow {
	private readonly limit: number;
	private readonly spanMs: number;
	/** Requests sent and not yet answered. */
	private underWay = 0;
	/**
	 * When each counted request was answered, ascending, from `head` on; older ones have left the window. A
	 * refused request is not in it, so its slot is free at once, whatever was sent after it.
	 */
	private answered: number[] = [];
	private head = 0;

	constructor(rate: RateLimit) {
		this.limit = rate.limit;
		this.spanMs = rate.intervalMs + WINDOW_MARGIN_MS;
	}

	/** How long from `now` until one more request fits; Infinity while every slot's request is under way. */
	waitAt(now: number): number {
		const answered = this.answered;
		while (this.head < answered.length && answered[this.head] + this.spanMs <= now) this.head++;
		if (this.head > 1024 && this.head * 2 > answered.length) {
			this.answered = answered.slice(this.head);
			this.head = 0;
		}
		const held = this.underWay + this.answered.length - this.head;
		if (held < this.limit) return 0;
		if (this.underWay >= this.limit) return Infinity;
		// The answer that must leave the window before one more fits: the oldest, as held is the limit.
		return Math.max(0, this.answered[this.head] + this.spanMs - now);
	}

	/** Holds a slot for a request sent now; settle it with the answer's time. */
	record(): void {
		this.underWay++;
	}

	/** The request's answer came at `at`. A request the provider refused with a 429 did not count: its slot frees at once. */
	settle(at: number, counted = true): void {
		this.underWay--;
		if (!counted) return;
		const answered = this.answered;
		let index = answered.length;
		while (index > this.head && answered[index - 1] > at) index--;
		if (index === answered.length) answered.push(at);
		else answered.splice(index, 0, at);
	}
}

/** Call when the request's answer (or failure) has come back; `counted` false for a 429. */
export type Settle = (at?: number, counted?: boolean) => void;

/**
 * One throttle per provider, credential and bucket. The documented windows are a hard ceiling over the
 * real send times, so a stalled event loop that releases many timers at once still cannot overrun them.
 * Under it runs an AIMD pace, for the case where several processes share one account: each 429 episode
 * (429s for requests sent after the last decrease) pauses for Retry-After and multiplies the pace by 0.7;
 * every other answer adds 3 % of the documented rate back. A 429 frees its window slot, as the provider did
 * not count it, and a pace is forgotten after a window in which it let requests go and none was sent.
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
	/** acquire() calls waiting for a request under way to be answered. */
	private waiting: Array<() => void> = [];
	/** After this long with nothing sent, the AIMD pace is forgotten: the shortest documented window. */
	private readonly quietMs: number;

	constructor(limits: readonly RateLimit[]) {
		this.windows = limits.map((rate) => new SlidingWindow(rate));
		this.ceiling = limits.length ? Math.min(...limits.map((rate) => (rate.limit * 1000) / rate.intervalMs)) : Infinity;
		this.quietMs = limits.length ? Math.min(...limits.map((rate) => rate.intervalMs)) : 1000;
	}

	/** How long from `now` until this throttle lets one more request go. */
	waitAt(now: number): number {
		// A pace learned from 429s is forgotten once a whole window has passed in which it would have let a
		// request go and none was sent: else a worker's next execution starts at the pace an earlier one was
		// squeezed to, and recovers only answer by answer.
		if (Number.isFinite(this.rate) && now - Math.max(this.lastSent + 1000 / this.rate, this.decreasedAt, this.pausedUntil) >= this.quietMs) {
			this.rate = Infinity;
		}
		let wait = Math.max(0, this.pausedUntil - now);
		if (Number.isFinite(this.rate)) wait = Math.max(wait, this.lastSent + 1000 / this.rate - now);
		for (const window of this.windows) wait = Math.max(wait, window.waitAt(now));
		return wait;
	}

	/** A request goes out at `now`; the returned function frees its slots when its answer is back. */
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

/** Told `true` when a request starts waiting for the rate limits, and `false` when it goes out. */
export type HoldListener = (held: boolean) => void;

/**
 * Waits until every throttle lets a request go, records the send on all of them, and returns the send
 * time with the function that settles it. The check and the record happen in one synchronous step, so
 * concurrent callers never share a slot.
 */
export async function acquire(throttles: Throttle[], onHold?: HoldListener): Promise<{ sentAt: number; settle: Settle }> {
	let held = false;
	for (;;) {
		const now = Date.now();
		const waits = throttles.map((throttle) => throttle.waitAt(now));
		const wait = Math.max(0, ...waits);
		if (wait <= 0) {
			const settles = throttles.map((throttle) => throttle.record(now));
			if (held) onHold?.(false);
			return { sentAt: now, settle: (at = Date.now(), counted = true) => settles.forEach((settle) => settle(at, counted)) };
		}
		if (!held) onHold?.((held = true));
		if (Number.isFinite(wait)) await sleep(Math.ceil(wait));
		// A slot is held by a request under way: its answer frees it.
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
