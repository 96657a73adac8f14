import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ProviderErrorDetail, TransportSpec } from './spec';

/**
 * A provider's error body → its detail. Text bodies are cut to 500 characters; objects go to the
 * provider's own envelope reader; a missing message falls back to the status.
 */
export function errorDetail(
	status: number,
	body: unknown,
	fromObject: (data: IDataObject) => Omit<ProviderErrorDetail, 'message'> & { message?: string },
): ProviderErrorDetail {
	if (typeof body === 'string' && body.trim()) return { message: body.trim().slice(0, 500) };
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { message: `HTTP ${status}` };
	const detail = fromObject(body as IDataObject);
	return { ...detail, message: detail.message ?? `HTTP ${status}` };
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
export function providerError(node: INode, spec: Pick<TransportSpec, 'id' | 'name'>, options: ProviderErrorOptions): NodeApiError {
	const { status, detail, itemIndex } = options;
	const where = detail.field ? ` (field "${detail.field}")` : '';
	// The message is all that n8n keeps of an item routed to the error output, so it says it.
	const unknown = options.context?.outcomeUnknown === true ? `; outcome unknown: ${spec.name} may have processed it, so it was not sent again` : '';
	const message = `${spec.name}${status ? ` returned ${status}` : ''}: ${detail.message}${where}${unknown}`;
	const hints = [options.description ?? (status ? STATUS_HINTS[status] : undefined)];
	if (detail.requestId) hints.push(`${spec.name} request id: ${detail.requestId}`);
	const response: JsonObject = { provider: spec.id, message: detail.message };
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
	Object.assign(error.context, { provider: spec.id, providerMessage: detail.message, ...options.context });
	if (detail.code) error.context.providerCode = detail.code;
	if (detail.field) error.context.field = detail.field;
	return error;
}

const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
const lowerHex = (value: string): string => value.replace(/%(?:25)?[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
/** RFC 3986 strict: encodeURIComponent plus !'()* (the `qs` package's default). */
const strictEncode = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
/** How axios writes a query value: encodeURIComponent with spaces as "+" and : $ , [ ] left as they are. */
const axiosEncode = (value: string): string =>
	encodeURIComponent(value)
		.replace(/%3A/gi, ':')
		.replace(/%24/g, '$')
		.replace(/%2C/gi, ',')
		.replace(/%20/g, '+')
		.replace(/%5B/gi, '[')
		.replace(/%5D/gi, ']');

/**
 * Every form a credential value takes on the wire: raw, percent-encoded (upper- and lower-case hex, as
 * encodeURIComponent, encodeURI, RFC 3986 and axios write it, and encoded twice, as a provider quoting a
 * URL in a URL does), form-encoded (`+` for spaces), and each of those JSON-escaped, once and twice.
 */
export function secretForms(secrets: string[]): string[] {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (secret.length < 4) continue;
		const encodings = [secret, encodeURIComponent(secret), encodeURI(secret), formEncode(secret), strictEncode(secret), axiosEncode(secret)];
		encodings.push(encodeURIComponent(encodeURIComponent(secret)), encodeURIComponent(formEncode(secret)));
		for (const form of encodings) {
			for (const variant of [form, lowerHex(form)]) {
				forms.add(variant);
				const escaped = JSON.stringify(variant).slice(1, -1);
				forms.add(escaped);
				forms.add(JSON.stringify(escaped).slice(1, -1));
			}
		}
	}
	return [...forms].sort((a, b) => b.length - a.length);
}

/** Removes every given text from `text`. Longest first, so a value containing another is removed whole. */
export function redact(text: string, forms: string[]): string {
	let out = text;
	for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
	return out;
}

const escapedForms = new WeakMap<string[], string[]>();
const jsonForms = (forms: string[]): string[] => {
	let escaped = escapedForms.get(forms);
	if (!escaped) {
		escaped = [...new Set(forms.map((form) => JSON.stringify(form).slice(1, -1)))].sort((a, b) => b.length - a.length);
		escapedForms.set(forms, escaped);
	}
	return escaped;
};

/** Deep copy of a JSON value with every credential form redacted from strings and keys. */
export function redactDeep<T>(value: T, forms: string[]): T {
	if (!forms.length || value === undefined || value === null) return value;
	const json = JSON.stringify(value);
	if (json === undefined) return value;
	// Inside JSON text a form appears JSON-escaped; a raw form with a quote or backslash could match half
	// of an escape and break the text.
	const clean = redact(json, jsonForms(forms));
	return clean === json ? value : (JSON.parse(clean) as T);
}
