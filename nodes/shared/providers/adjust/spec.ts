import type { ProviderErrorDetail, TransportSpec } from '../../transport';
import { errorDetail } from '../../transport';
import { asObject, str } from '../../common/values';

const parseAdjustError = (status: number, body: unknown): ProviderErrorDetail =>
	errorDetail(status, body, (data) => {
		const details = Array.isArray(data.error_desc_details) ? data.error_desc_details : [];
		const first = asObject(details[0]);
		return {
			message: str(data.error_desc) ?? str(data.message),
			code: str(data.error_code),
			field: str(first?.field) ?? str(first?.parameter),
		};
	});

export const adjustSpec = {
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
	parseError: parseAdjustError,
} as const satisfies TransportSpec;
