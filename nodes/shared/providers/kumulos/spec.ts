import type { IDataObject } from 'n8n-workflow';

import { asObject, str } from '../../common/values';
import type { ProviderErrorDetail, TransportSpec } from '../../transport';
import { errorDetail } from '../../transport';

/** Laravel-style `{ field: ["message"] }` → first field and a joined message. */
function fieldErrors(errors: IDataObject): { field?: string; message?: string } {
	const parts: string[] = [];
	let field: string | undefined;
	for (const [key, value] of Object.entries(errors)) {
		const messages = Array.isArray(value) ? value.map(String) : [String(value)];
		// A field of an array body comes as `0.slug`; the index is the request's, not the user's.
		field ??= key.replace(/^\d+\./, '');
		parts.push(`${key}: ${messages.join(' ')}`);
	}
	return { field, message: parts.length ? parts.join('; ') : undefined };
}

const parseKumulosError = (status: number, body: unknown): ProviderErrorDetail =>
	errorDetail(status, body, (data) => {
		const errors = asObject(data.errors) ?? (data.message === undefined ? data : undefined);
		const { field, message } = errors ? fieldErrors(errors) : {};
		const lead = str(data.message);
		return { message: message ? `${lead ? `${lead} ` : ''}${message}` : lead, field };
	});

export const kumulosSpec = {
	id: 'kumulos',
	name: 'Kumulos',
	credentialType: 'kumulosApi',
	hosts: { links: 'linksBaseUrl', push: 'pushBaseUrl' },
	secretFields: ['apiKey', 'serverSecretKey'],
	basicAuth: ['apiKey', 'serverSecretKey'],
	// No documented limit: only 429 answers slow the pace.
	rateLimits: {},
	parseError: parseKumulosError,
} as const satisfies TransportSpec;
