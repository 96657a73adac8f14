'use strict';

/**
 * Sliding-window rate limiter. A window of `limit` requests per `windowMs` is full when `limit` accepted
 * requests arrived in the last `windowMs` (the interval (now - windowMs, now]). Only accepted requests are
 * counted: a 429 does not push the window further.
 *
 * Each window keeps a ring of its last `limit` accepted arrival times: the window is full exactly when the
 * oldest of them is still inside it, and the wait is the time until that one leaves. O(1) per request.
 */
class Ring {
	constructor(capacity) {
		this.buf = new Array(capacity);
		this.start = 0;
		this.size = 0;
	}

	get capacity() {
		return this.buf.length;
	}

	oldest() {
		return this.buf[this.start];
	}

	push(t) {
		const cap = this.buf.length;
		if (this.size < cap) {
			this.buf[(this.start + this.size) % cap] = t;
			this.size++;
		} else {
			this.buf[this.start] = t;
			this.start = (this.start + 1) % cap;
		}
	}

	/** The most recent arrivals, oldest first. */
	recent(n) {
		const out = [];
		const cap = this.buf.length;
		for (let i = Math.max(0, this.size - n); i < this.size; i++) out.push(this.buf[(this.start + i) % cap]);
		return out;
	}

	/** A ring with another capacity, keeping the most recent arrivals that fit. */
	resized(capacity) {
		const r = new Ring(capacity);
		for (const t of this.recent(capacity)) r.push(t);
		return r;
	}
}

class SlidingWindowLimiter {
	/** @param {() => number} now */
	constructor(now) {
		this.now = now;
		this.rings = new Map();
	}

	reset() {
		this.rings.clear();
	}

	ring(key, limit) {
		let r = this.rings.get(key);
		if (!r) {
			r = new Ring(limit);
			this.rings.set(key, r);
		} else if (r.capacity !== limit) {
			// The limit was reconfigured: keep the arrivals already counted.
			r = r.resized(limit);
			this.rings.set(key, r);
		}
		return r;
	}

	/**
	 * Counts one request against every window given, or against none of them when one is full.
	 * @param {Array<[string, number, number]>} windows [key, limit, windowMs]; the key names the bucket
	 * @returns {number} 0 when accepted, else the ms until every full window has room again
	 */
	take(windows) {
		if (!windows.length) return 0;
		const now = this.now();
		const rings = [];
		let wait = 0;
		for (const [key, limit, windowMs] of windows) {
			const r = this.ring(`${key}|${windowMs}`, limit);
			if (r.size >= limit) {
				const leavesAt = r.oldest() + windowMs;
				if (leavesAt > now) wait = Math.max(wait, leavesAt - now);
			}
			rings.push(r);
		}
		if (wait > 0) return wait;
		for (const r of rings) r.push(now);
		return 0;
	}
}

/** [limit, windowMs] pairs from `{ perSecond, perMinute, perHour }`; null, 0 or absent values are no limit. */
function perWindows(l) {
	if (!l || typeof l !== 'object') return [];
	return [
		[l.perSecond, 1000],
		[l.perMinute, 60000],
		[l.perHour, 3600000],
	]
		.filter(([limit]) => typeof limit === 'number' && limit > 0)
		.map(([limit, windowMs]) => [Math.max(1, Math.floor(limit)), windowMs]);
}

module.exports = { SlidingWindowLimiter, perWindows };
