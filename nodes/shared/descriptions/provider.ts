import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import type { Capability, ProviderSpec } from '../providers';
import type { RateLimit } from '../transport';
import { providersWith } from '../providers';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../transport';

/** The Provider dropdown of a node: every provider with the capability, the first as default. */
export function providerProperty(capability: Capability, description: string): INodeProperties {
	const providers = providersWith(capability);
	const first = providers[0].id;
	return {
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: providers.map((spec) => ({ name: spec.name, value: spec.id })),
		default: first,
		description,
	};
}

/**
 * The canvas subtitle: "Adjust", or "Get Short Link · Adjust" when the node has an Operation, with display
 * names instead of raw values.
 */
export function subtitle(capability: Capability, properties: INodeProperties[] = [], choice = 'operation'): string {
	const providers = JSON.stringify(Object.fromEntries(providersWith(capability).map((spec) => [spec.id, spec.name])));
	const operations: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== choice) continue;
		for (const option of property.options ?? []) if ('value' in option) operations[String(option.value)] = option.name;
	}
	const provider = `(${providers})[$parameter["provider"]]`;
	if (!Object.keys(operations).length) return `={{ ${provider} }}`;
	const operation = `(${JSON.stringify(operations)})[$parameter["${choice}"]]`;
	return `={{ (${operation} ? ${operation} + " · " : "") + ${provider} }}`;
}

/** One notice per provider, shown under the Provider dropdown when that provider is picked. */
export function providerNotices(capability: Capability, text: (spec: ProviderSpec) => string | undefined): INodeProperties[] {
	return providersWith(capability).flatMap((spec) => {
		const notice = text(spec);
		return notice ? [{ displayName: notice, name: `${spec.id}ProviderNotice`, type: 'notice' as const, default: '', displayOptions: { show: { provider: [spec.id] } } }] : [];
	});
}

/**
 * The node's credentials: each provider's type, shown only when that provider is picked. The rule names the
 * Provider as a root parameter (`/provider`): with plain `provider`, n8n's editor would take Provider for
 * the node's authentication field, hide it and offer one list of every credential type instead. A provider
 * whose capability `needs` says it sends nothing (Kumulos in Manage Deep Link) asks for no credential.
 */
export const providerCredentials = (capability: Capability, needs: (spec: ProviderSpec) => boolean = () => true): INodeCredentialDescription[] =>
	providersWith(capability)
		.filter(needs)
		.map((spec) => ({ name: spec.credentialType, required: true, displayOptions: { show: { '/provider': [spec.id] } } }));

/** "Creates the link with your Adjust account. Pick or create your Adjust credential above." */
export const credentialNotice = (verb: string) => (spec: ProviderSpec) =>
	`${verb} with your ${spec.name} account. Pick or create your ${spec.name} credential above.`;

const per = (interval: number) => (interval === 1000 ? 'second' : interval === 60_000 ? 'minute' : interval === 3_600_000 ? 'hour' : `${interval / 1000} s`);

/** "100 per 2 s, 200 per second": a bucket's documented limits in words. */
export const limitsText = (limits: readonly RateLimit[] | undefined): string =>
	(limits ?? []).map((rate) => `${rate.limit.toLocaleString('en-US')} per ${per(rate.intervalMs)}`).join(', ');

const DEFAULT_TIMEOUT_SECONDS = DEFAULT_TIMEOUT_MS / 1000;

/** The Options every node that sends requests offers. */
export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How often one request is sent again after a server or network error (only where a repeat cannot create a duplicate), or after a rate limit (429) that gives no Retry-After. A 429 with Retry-After is waited out, up to 2 minutes in all per request. 0 sends nothing again.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description:
			'How long one attempt may take. A create or send that times out is reported as outcome unknown and not sent again, because the provider may have processed it.',
	},
];

/** Include Full Response and Include Input Fields, for the nodes that create links. */
export function outputOptionFields({ byDefault, description }: { byDefault: boolean; description: string }): INodeProperties[] {
	return [{ ...(byDefault ? fullResponseOn : fullResponseOff), description }, includeInputFields];
}

const fullResponseOn: INodeProperties = { displayName: 'Include Full Response', name: 'includeFullResponse', type: 'boolean', default: true };
const fullResponseOff: INodeProperties = { ...fullResponseOn, default: false };

const includeInputFields: INodeProperties =
	{
		displayName: 'Include Input Fields',
		name: 'includeInputFields',
		type: 'boolean',
		default: false,
		description:
			"Whether each output item starts with its input item's fields, so a sheet row and its link stay together without a Merge node. The node's own fields (the link's URL, success, error, …) win over input fields of the same name.",
	};

/** The Options collection, with node-specific options first. */
export const requestOptions = (extra: INodeProperties[] = []): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [...extra, ...requestOptionFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
});
