import { asObject, str } from '../../common/values';
import type { ProviderErrorDetail, TransportSpec } from '../../transport';
import { errorDetail } from '../../transport';

// Errors look like { "error": { "message", "code" } }; bulk answers also carry { "error": "message" }.
const parseBranchError = (status: number, body: unknown): ProviderErrorDetail =>
	errorDetail(status, body, (data) => {
		const nested = asObject(data.error);
		return { message: str(nested?.message) ?? str(data.error) ?? str(data.message), code: str(nested?.code) };
	});

export const branchSpec = {
	id: 'branch',
	name: 'Branch',
	credentialType: 'branchApi',
	hosts: { default: 'baseUrl' },
	secretFields: ['branchKey', 'branchSecret', 'accessToken'],
	// Branch's current public docs limit each method; the API page's older 500/s and 30,000/min can be set
	// in Bulk Create's options.
	rateLimits: {
		post: [
			{ limit: 200, intervalMs: 1000 },
			{ limit: 12_000, intervalMs: 60_000 },
			{ limit: 300_000, intervalMs: 3_600_000 },
		],
		put: [
			{ limit: 100, intervalMs: 1000 },
			{ limit: 1000, intervalMs: 60_000 },
			{ limit: 10_000, intervalMs: 3_600_000 },
		],
		get: [
			{ limit: 100, intervalMs: 1000 },
			{ limit: 5500, intervalMs: 60_000 },
			{ limit: 100_000, intervalMs: 3_600_000 },
		],
	},
	bucketFor: (method: string) => (['POST', 'PUT', 'GET'].includes(method) ? method.toLowerCase() : undefined),
	parseError: parseBranchError,
} as const satisfies TransportSpec;
