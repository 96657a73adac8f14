import { asObject, str } from '../../common/values';
import type { ProviderErrorDetail, TransportSpec } from '../../transport';
import { errorDetail } from '../../transport';

const parseShortifyError = (status: number, body: unknown): ProviderErrorDetail =>
	errorDetail(status, body, (data) => {
		const error = asObject(data.error);
		return {
			message: str(error?.message) ?? str(data.message),
			code: str(error?.code),
			field: str(error?.field),
			requestId: str(data.requestId),
		};
	});

export const shortifySpec = {
	id: 'shortify',
	name: 'Shortify',
	credentialType: 'shortifyApi',
	hosts: { default: 'baseUrl' },
	secretFields: ['apiKey'],
	rateLimits: {},
	parseError: parseShortifyError,
} as const satisfies TransportSpec;
