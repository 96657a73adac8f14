import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ProviderId } from '../providers/registry';
import { PROVIDERS } from '../providers/registry';

/** A provider's error, reduced to what a user needs: the message, its code, and the field it names. */
export interface ProviderErrorDetail {
	message: string;
	code?: string;
	field?: string;
	requestId?: string;
}

const asObject = (value: unknown): IDataObject | undefined =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;

const str = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : undefined;

/** Laravel-style `{ field: ["message"] }` → first field and a joined message. */
function fieldErrors(errors: IDataObject): { field?: string; message?: string } {
	const parts: string[] = [];
	let field: string | undefined;
	for (const [key, value] of Object.entries(errors)) {
		const messages = Array.isArray(value) ? value.map(String) : [String(value)];
		field ??= key;
		parts.push(`${key}: ${messages.join(' ')}`);
	}
	return { field, message: parts.length ? parts.join('; ') : undefined };
}

/** Reads each provider's documented error envelope. */
export function parseProviderError(provider: ProviderId, status: number, body: unknown): ProviderErrorDetail {
	const data = asObject(body);
	const fallback = `HTTP ${status}`;
	if (typeof body === 'string' && body.trim()) return { message: body.trim().slice(0, 500) };
	if (!data) return { message: fallback };

	switch (provider) {
		case 'adjust': {
			const details = Array.isArray(data.error_desc_details) ? data.error_desc_details : [];
			const first = asObject(details[0]);
			return {
				message: str(data.error_desc) ?? str(data.message) ?? fallback,
				code: str(data.error_code),
				field: str(first?.field) ?? str(first?.parameter),
			};
		}
		case 'branch': {
			const error = data.error;
			const nested = asObject(error);
			return {
				message: str(nested?.message) ?? str(error) ?? str(data.message) ?? fallback,
				code: str(nested?.code),
			};
		}
		case 'kumulos': {
			const errors = asObject(data.errors) ?? (data.message === undefined ? data : undefined);
			const { field, message } = errors ? fieldErrors(errors) : {};
			return {
				message: message ? `${str(data.message) ? `${str(data.message)} ` : ''}${message}`.trim() : (str(data.message) ?? fallback),
				field,
			};
		}
		case 'shortify': {
			const error = asObject(data.error);
			return {
				message: str(error?.message) ?? str(data.message) ?? fallback,
				code: str(error?.code),
				field: str(error?.field),
				requestId: str(data.requestId),
			};
		}
	}
}

const STATUS_HINTS: Record<number, string> = {
	401: 'Check the API key or token in the credential.',
	403: 'The credential is valid but not allowed to do this. Check its permissions or plan.',
	404: 'Check the id, token or URL you gave.',
	409: 'Something with this alias, slug or key already exists.',
	413: 'The request is too large. Send fewer links per request.',
	429: 'The provider is rate limiting this account. Retry later or lower the request rate.',
};

export interface ProviderErrorOptions {
	status?: number;
	detail: ProviderErrorDetail;
	itemIndex?: number;
	/** Replaces the default description. */
	description?: string;
	/** Added to the error's context, e.g. `outcomeUnknown`. */
	context?: IDataObject;
}

/** The one place provider failures become n8n errors. Messages carry the provider's own words. */
export function providerError(node: INode, provider: ProviderId, options: ProviderErrorOptions): NodeApiError {
	const { status, detail, itemIndex } = options;
	const name = PROVIDERS[provider].name;
	const where = detail.field ? ` (field "${detail.field}")` : '';
	const message = `${name}${status ? ` returned ${status}` : ''}: ${detail.message}${where}`;
	const hints = [options.description ?? (status ? STATUS_HINTS[status] : undefined)];
	if (detail.requestId) hints.push(`${name} request id: ${detail.requestId}`);
	const response: JsonObject = { provider, message: detail.message };
	if (status) response.httpCode = String(status);
	if (detail.code) response.code = detail.code;
	if (detail.field) response.field = detail.field;
	if (detail.requestId) response.requestId = detail.requestId;
	const error = new NodeApiError(node, response, {
		message,
		description: hints.filter(Boolean).join(' ') || undefined,
		httpCode: status ? String(status) : undefined,
		itemIndex,
	});
	Object.assign(error.context, { provider, providerMessage: detail.message, ...options.context });
	if (detail.code) error.context.providerCode = detail.code;
	if (detail.field) error.context.field = detail.field;
	return error;
}

/** Removes every credential value from a text. Longest first, so a value containing another is removed whole. */
export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		if (secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

/** Deep copy of a JSON value with every credential value redacted from strings and keys. */
export function redactDeep<T>(value: T, secrets: string[]): T {
	if (!secrets.length) return value;
	const json = JSON.stringify(value);
	if (json === undefined) return value;
	const clean = redact(json, secrets.map((secret) => JSON.stringify(secret).slice(1, -1)));
	return clean === json ? value : (JSON.parse(clean) as T);
}
