'use strict';
// The fastest time the documented rate limits allow for the requests a run actually got through, from
// the sandbox's per-route counts. The limits are the package's own provider specs (dist/.../providers):
//   Adjust: single creates 50/s per app, bulk requests 100 per 2 s, every create/bulk request 200/s per account
//   Branch (its current public docs, per method): POST 200/s, 12,000/min, 300,000/h; PUT 100/s, …; GET 100/s, ….
//   Kumulos and Shortify document none.
// With `limit` requests per `intervalMs`, request k (0-based) can start no earlier than floor(k / limit)
// windows after the first, so n requests need floor((n - 1) / limit) × intervalMs. 0: they do not bind.
const path = require('node:path');
const { ROOT } = require('../../../sandbox/n8n-host');

const spec = (provider) => require(path.join(ROOT, 'dist/nodes/shared/providers')).PROVIDERS.find((candidate) => candidate.id === provider);

/** Which throttle buckets a sandbox route counts against. */
function bucketsOf(provider, route) {
	if (provider === 'adjust') {
		if (/deep-links\/bulk/.test(route)) return ['bulk', 'account'];
		if (/^POST \/adjust\/engage\/deep-links$/.test(route)) return ['create', 'account'];
		if (/^PUT /.test(route)) return ['account'];
		return [];
	}
	// Per-method buckets (Branch), as the transport picks them.
	const bucket = spec(provider).bucketFor?.(route.split(' ')[0]);
	return bucket ? [bucket, 'account'] : ['account'];
}

const floorMs = (count, { limit, intervalMs }) => (count > 0 ? Math.floor((count - 1) / limit) * intervalMs : 0);

/**
 * @param provider
 * @param byRoute   sandbox state.requests.byProvider[provider].byRoute (may be the sum of several runs)
 * @param rejected  429s the sandbox sent (they did not count against its windows); taken off the busiest route
 * @returns { ms, binding: "bulk 100/2 s" | null, documented: bool, requests }
 */
function fastestAllowed(provider, byRoute, rejected = 0) {
	const limits = spec(provider).rateLimits;
	const counts = { ...byRoute };
	const busiest = Object.keys(counts).sort((x, y) => counts[y] - counts[x])[0];
	if (busiest) counts[busiest] = Math.max(0, counts[busiest] - rejected);
	const perBucket = {};
	for (const [route, count] of Object.entries(counts)) {
		for (const bucket of bucketsOf(provider, route)) perBucket[bucket] = (perBucket[bucket] ?? 0) + count;
	}
	let best = { ms: 0, binding: null };
	const unit = (ms) => (ms === 1000 ? 's' : ms === 60000 ? 'min' : ms === 3600000 ? 'h' : `${ms / 1000} s`);
	for (const [bucket, count] of Object.entries(perBucket)) {
		for (const limit of limits[bucket] ?? []) {
			const ms = floorMs(count, limit);
			if (ms > best.ms) best = { ms, binding: `${bucket} ${limit.limit}/${unit(limit.intervalMs)} (${count} requests)` };
		}
	}
	return { ...best, documented: Object.keys(limits).length > 0, requests: Object.values(byRoute).reduce((sum, n) => sum + n, 0) };
}

const limitsText = (provider) =>
	Object.entries(spec(provider).rateLimits)
		.flatMap(([bucket, list]) => list.map((l) => `${bucket} ${l.limit}/${l.intervalMs === 1000 ? 's' : l.intervalMs === 60000 ? 'min' : `${l.intervalMs / 1000} s`}`))
		.join(', ') || 'none documented';

module.exports = { fastestAllowed, limitsText };
