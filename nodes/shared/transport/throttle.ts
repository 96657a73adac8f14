import { sleep } from 'n8n-workflow';

import type { RateLimit } from './spec';

/** Each window is kept this much longer than documented: clocks count in whole milliseconds. */
export const WINDOW_MARGIN_MS = 2;
/** A 429 episode multiplies the pace by this. */
export const DECREASE = 0.7;
/** Without a documented window, each answer that is not a 429 adds this share of the pace back. */
export const INCREASE_SHARE = 0.03;
/** After refusals, probes beyond a learned share back off to at least this far apart, however short the window. */
const PROBE_BACKOFF_MS = 100;
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

	/**
	 * How long from `now` until one more request fits under `cap` (at most the limit); Infinity while `cap`
	 * requests are under way.
	 */
	waitAt(now: number, cap = this.limit): number {
		const held = this.held(now);
		cap = Math.min(cap, this.limit);
		if (held < cap) return 0;
		if (this.underWay >= cap) return Infinity;
		// The answer that must leave the window before one more fits.
		return Math.max(0, this.answered[this.head + held - cap] + this.spanMs - now);
	}

	/** Requests under way, plus those answered within the window before `now`. */
	held(now: number): number {
		const answered = this.answered;
		while (this.head < answered.length && answered[this.head] + this.spanMs <= now) this.head++;
		if (this.head > 1024 && this.head * 2 > answered.length) {
			this.answered = answered.slice(this.head);
			this.head = 0;
		}
		return this.underWay + this.answered.length - this.head;
	}

	get size(): number {
		return this.limit;
	}

	get span(): number {
		return this.spanMs;
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
 *
 * Under them runs a pace learned from 429s, for when several processes share one account. Each 429
 * episode (429s for requests sent after the last decrease) pauses for Retry-After and decreases it once:
 * - With documented windows, to the share this process holds of the one that refused (the shortest as long
 *   as the wait): the requests the provider accepted in it, and those under way. Each slot is then reused
 *   the moment it frees, as the other process reuses its own, so the two fill the window between them.
 *   Beyond the share, one probe at a time looks for a slot nobody holds: each accepted probe adds one to the
 *   share and lets two more go, so the slots of a process that has finished are taken over within a few
 *   answers; a refused one doubles the time to the next probe.
 *   Spacing requests instead (70 % of the rate per episode) left slots idle between two workers.
 * - With none, spacing is multiplied by 1 / 0.7, and every answer that is not a 429 adds 3 % back.
 * A 429 frees its window slot, as the provider did not count it, and a pace is forgotten after a window in
 * which it let requests go and none was sent.
 */
export class Throttle {
	private readonly windows: SlidingWindow[];
	/** Documented requests per second (the tightest window), or Infinity when none is documented. */
	private readonly ceiling: number;
	/** The window a learned share is kept in: the one that refused, judged by the wait the provider asked for. */
	private shared?: SlidingWindow;
	/** Requests per `shared` window this process may hold; Infinity while no 429 has been seen. */
	private share = Infinity;
	/** Probes beyond the share: under way, allowed at once, and the earliest time for the next. */
	private probes = 0;
	private probesAllowed = 1;
	private probeGapMs = 0;
	private nextProbeAt = 0;
	/** Without a documented window: the pace in requests per second; Infinity while no 429 has been seen. */
	private rate = Infinity;
	private pausedUntil = 0;
	private decreasedAt = -Infinity;
	private lastSent = -Infinity;
	/** Send times of the last second, to estimate the pace when no limit is documented. */
	private recent: number[] = [];
	/** acquire() calls waiting for a request under way to be answered. */
	private waiting: Array<() => void> = [];
	/** After this long with nothing sent, a learned share or pace is forgotten: the shortest documented window. */
	private readonly quietMs: number;

	constructor(limits: readonly RateLimit[]) {
		this.windows = limits.map((rate) => new SlidingWindow(rate)).sort((a, b) => a.span - b.span);
		this.ceiling = limits.length ? Math.min(...limits.map((rate) => (rate.limit * 1000) / rate.intervalMs)) : Infinity;
		this.quietMs = limits.length ? Math.min(...limits.map((rate) => rate.intervalMs)) : 1000;
	}

	/** How long from `now` until this throttle lets one more request go. */
	waitAt(now: number): number {
		// A pace learned from 429s is forgotten once a whole window has passed in which it would have let a
		// request go and none was sent: else a worker's next execution starts at the pace an earlier one was
		// squeezed to.
		const allowedFrom = Number.isFinite(this.rate) ? this.lastSent + 1000 / this.rate : this.lastSent;
		if ((Number.isFinite(this.rate) || Number.isFinite(this.share)) && now - Math.max(allowedFrom, this.decreasedAt, this.pausedUntil) >= this.quietMs) {
			this.forget();
		}
		let wait = Math.max(0, this.pausedUntil - now);
		if (Number.isFinite(this.rate)) wait = Math.max(wait, this.lastSent + 1000 / this.rate - now);
		for (const window of this.windows) wait = Math.max(wait, window === this.shared ? this.sharedWait(now) : window.waitAt(now));
		return wait;
	}

	/** The wait for a slot of this process's share, or for a probe beyond it, whichever comes first. */
	private sharedWait(now: number): number {
		const window = this.shared as SlidingWindow;
		const own = window.waitAt(now, this.share);
		if (own === 0 || this.probes >= this.probesAllowed) return own;
		return Math.min(own, Math.max(this.nextProbeAt - now, window.waitAt(now)));
	}

	private forget(): void {
		this.rate = Infinity;
		this.share = Infinity;
		this.shared = undefined;
		this.probesAllowed = 1;
		this.probeGapMs = 0;
	}

	/** A request goes out at `now`; the returned function frees its slots when its answer is back. */
	record(now: number): Settle {
		const probe = this.shared !== undefined && this.shared.held(now) >= this.share;
		if (probe) this.probes++;
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
			if (probe) this.probed(at, counted);
			// A refused request of the share means another process is probing: probing back at once would
			// only trade slots, each trade costing a 429.
			else if (!counted && this.shared) this.backOff(at);
			const waiting = this.waiting;
			this.waiting = [];
			for (const wake of waiting) wake();
		};
	}

	/** A probe beyond the share was answered: accepted, it holds one more slot; refused, probes slow down. */
	private probed(at: number, counted: boolean): void {
		this.probes--;
		if (!this.shared) return;
		if (counted) {
			this.share++;
			this.probesAllowed = Math.min(this.probesAllowed * 2, this.shared.size);
			this.probeGapMs /= 2;
			this.nextProbeAt = at;
			if (this.share >= this.shared.size) this.forget();
		} else this.backOff(at);
	}

	/**
	 * Probes slow down after a refusal: one at a time, and twice as far apart, from 1/64 of the window up to
	 * 1/16 of it or 100 ms. Where places turn over fast (Branch), most probes find one that its holder is
	 * about to reuse, and each such find costs the holder a 429.
	 */
	private backOff(at: number): void {
		const span = (this.shared as SlidingWindow).span;
		this.probesAllowed = 1;
		this.probeGapMs = Math.min(Math.max(span / 16, PROBE_BACKOFF_MS), Math.max(span / 64, this.probeGapMs * 2));
		this.nextProbeAt = Math.max(this.nextProbeAt, at + this.probeGapMs);
	}

	/** Resolves when a request of this throttle is answered (a slot may have freed). */
	answered(): Promise<void> {
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	/**
	 * A 429 for a request sent at `sentAt`, settled already: pause for the server's wait, and slow down once
	 * per episode, unless `charged` is false (another of the request's throttles is tighter). Within an
	 * episode, the share only follows what is still held.
	 */
	onRateLimited(waitMs: number, sentAt: number, now = Date.now(), charged = true): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		if (!charged) return;
		const episode = sentAt >= this.decreasedAt;
		if (this.windows.length) {
			// The provider does not say which window refused. The shortest that could have asked for this wait
			// did; a wait longer than every window is put on the longest.
			const refusing = this.windows.find((window) => window.span >= waitMs) ?? this.windows[this.windows.length - 1];
			if ((episode || !this.shared) && refusing !== this.shared) [this.shared, this.share] = [refusing, Infinity];
			const shared = this.shared as SlidingWindow;
			this.share = Math.max(1, Math.min(this.share, shared.held(now)));
			this.nextProbeAt = Math.max(this.nextProbeAt, this.pausedUntil);
		} else if (episode) {
			const current = Number.isFinite(this.rate) ? this.rate : Math.max(this.recent.length, 1);
			this.rate = Math.max(MIN_RATE, current * DECREASE);
		}
		if (episode) this.decreasedAt = now;
	}

	/** Any answer but a 429: without a documented window, recover additively. */
	onAnswer(): void {
		if (!Number.isFinite(this.rate)) return;
		this.rate += Math.max(INCREASE_SHARE * this.rate, 0.1);
	}

	/** The documented requests per second of the tightest window; Infinity when none is documented. */
	get documentedRate(): number {
		return this.ceiling;
	}

	/** Without a documented window, the current pace in requests per second (Infinity: no 429 seen). */
	get pace(): number {
		return this.rate;
	}

	/** Whether a share learned from 429s applies. */
	get sharing(): boolean {
		return Number.isFinite(this.share);
	}

	/** With one, the requests per window this process may hold (Infinity: the documented limit alone). */
	get heldShare(): number {
		return this.share;
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
		// A slot held by a request under way frees with its answer. Beyond a learned share, any answer may let
		// a probe go: else a request sleeping until its own slot frees holds its batch while the slots of a
		// finished worker are taken over one probe at a time.
		const answered = throttles.filter((throttle, index) => !Number.isFinite(waits[index]) || throttle.sharing).map((throttle) => throttle.answered());
		await Promise.race(Number.isFinite(wait) ? [sleep(Math.ceil(wait)), ...answered] : answered);
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
