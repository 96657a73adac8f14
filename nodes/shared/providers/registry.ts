import type { INodePropertyOptions } from 'n8n-workflow';

export type ProviderId = 'adjust' | 'branch' | 'kumulos' | 'shortify';

/** A sliding-window limit: at most `limit` requests per `intervalMs`. */
export interface RateLimit {
	limit: number;
	intervalMs: number;
}

export interface ProviderInfo {
	id: ProviderId;
	name: string;
	credentialType: string;
	/** Host name → credential field holding its Base URL (Kumulos has two hosts). */
	hosts: Record<string, string>;
	/** Credential fields whose values must never leave the transport. */
	secretFields: string[];
	/** User and password fields when the credential uses HTTP Basic auth. */
	basicAuth?: [string, string];
	/** Documented rate limits per throttle bucket. Every request also counts against `account`. */
	rateLimits: Record<string, RateLimit[]>;
}

export const PROVIDERS: Record<ProviderId, ProviderInfo> = {
	adjust: {
		id: 'adjust',
		name: 'Adjust',
		credentialType: 'adjustApi',
		hosts: { default: 'baseUrl' },
		secretFields: ['apiToken'],
		rateLimits: {
			// 50 short-link creations per second per app; 100 bulk requests per 2 s; 200 requests/s per account.
			create: [{ limit: 50, intervalMs: 1000 }],
			bulk: [{ limit: 100, intervalMs: 2000 }],
			account: [{ limit: 200, intervalMs: 1000 }],
		},
	},
	branch: {
		id: 'branch',
		name: 'Branch',
		credentialType: 'branchApi',
		hosts: { default: 'baseUrl' },
		secretFields: ['branchKey', 'branchSecret', 'accessToken'],
		rateLimits: {
			// The API page documents 500/s and 30,000/min.
			account: [
				{ limit: 500, intervalMs: 1000 },
				{ limit: 30000, intervalMs: 60000 },
			],
		},
	},
	kumulos: {
		id: 'kumulos',
		name: 'Kumulos',
		credentialType: 'kumulosApi',
		hosts: { links: 'linksBaseUrl', push: 'pushBaseUrl' },
		secretFields: ['apiKey', 'serverSecretKey'],
		basicAuth: ['apiKey', 'serverSecretKey'],
		// No documented limit: only 429 answers slow the pace.
		rateLimits: {},
	},
	shortify: {
		id: 'shortify',
		name: 'Shortify',
		credentialType: 'shortifyApi',
		hosts: { default: 'baseUrl' },
		secretFields: ['apiKey'],
		rateLimits: {},
	},
};

export const providerOptions = (ids: ProviderId[]): INodePropertyOptions[] =>
	ids.map((id) => ({ name: PROVIDERS[id].name, value: id }));
