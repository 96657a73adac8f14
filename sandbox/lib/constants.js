'use strict';

/** Sandbox credential values. The sandbox accepts exactly these. */
const ADJUST_API_TOKEN = 'sandbox-adjust-token';
const BRANCH_KEY = 'key_test_sandbox';
const BRANCH_SECRET = 'secret_test_sandbox';
const BRANCH_ACCESS_TOKEN = 'sandbox-branch-access-token';
const BRANCH_APP_ID = 'sandbox-app-id';
const KUMULOS_API_KEY = 'sandbox-kumulos-api-key';
const KUMULOS_SERVER_KEY = 'sandbox-kumulos-server-key';
const SHORTIFY_API_KEY = 'sk_test_sandbox';

/** URL path prefix (first segment) → provider id. */
const PREFIXES = {
	adjust: 'adjust',
	branch: 'branch',
	'kumulos-links': 'kumulos',
	'kumulos-push': 'kumulos',
	shortify: 'shortify',
};

const PROVIDERS = ['adjust', 'branch', 'kumulos', 'shortify'];

function defaultConfig() {
	return {
		log: false,
		seed: 1,
		maxRecordedRequests: 5000,
		limits: {
			enabled: true,
			// Per-account limit on link creation and update operations, plus the per-app create
			// limit (an "app" is the first link token of link_token) and the bulk limit.
			adjust: { enabled: true, perSecond: 200, perMinute: null, createPerSecondPerApp: 50, bulkPer2Seconds: 100 },
			// All endpoints.
			branch: { enabled: true, perSecond: 500, perMinute: 30000 },
			// Both Kumulos hosts share one account bucket.
			kumulos: { enabled: true, perSecond: null, perMinute: null },
			shortify: { enabled: true, perSecond: null, perMinute: null },
		},
		faults: {
			errorRate: 0,
			errorStatuses: [500, 502, 503],
			latencyMs: 0,
			resetRate: 0,
			slowMs: 0,
			onlyPaths: null,
			failNext: [],
		},
		adjust: {
			quotaLimit: 100000,
			quotaRemaining: null, // null = quotaLimit
			contractStatus: 'active',
			contractStartDate: '2025-01-01',
			contractEndDate: '2030-12-31',
			domain: 'sandbox.go.link',
		},
		branch: { domain: 'sandbox.app.link', bulkMaxBytes: 100 * 1024 },
		kumulos: { domain: 'sandbox.lnk.click', maxLinksPerRequest: 500, seedInstalls: 50, seedUsers: 50 },
		shortify: {
			domain: 'go.sandbox.test',
			defaultUrl: 'https://example.com/app-open',
			idempotencyTtlMs: 24 * 60 * 60 * 1000,
			appIdPrefix: 'app_',
		},
	};
}

module.exports = {
	ADJUST_API_TOKEN,
	BRANCH_KEY,
	BRANCH_SECRET,
	BRANCH_ACCESS_TOKEN,
	BRANCH_APP_ID,
	KUMULOS_API_KEY,
	KUMULOS_SERVER_KEY,
	SHORTIFY_API_KEY,
	PREFIXES,
	PROVIDERS,
	defaultConfig,
};
