import type { ProviderSpec, ProviderWith } from '../providers';
import { providersWith } from '../providers';
import { limitsText } from './provider';

/** "100 per request", "as many as fit in 100 KB per request", or "no bulk endpoint". */
function batchText(spec: ProviderWith<'bulk'>): string {
	const { maxBatch, maxBytes } = spec.bulk;
	if (maxBytes) return `as many as fit in ${maxBytes / 1000} KB per request`;
	return maxBatch > 1 ? `${maxBatch} per request` : 'no bulk endpoint: one request per link, sent in parallel';
}

/** The documented limits that pace a provider's bulk requests, in words. */
function pacingText(spec: ProviderWith<'bulk'>): string | undefined {
	const { bucket } = spec.bulk;
	const limits = [...(bucket === 'account' ? [] : (spec.rateLimits[bucket] ?? [])), ...(spec.rateLimits.account ?? [])];
	return limits.length ? limitsText(limits) : undefined;
}

/** Bulk Create's descriptions, generated from the provider specs so their limits cannot drift. */
export function bulkOptionTexts() {
	const providers = providersWith('bulk');
	const batched = providers.filter((spec) => spec.bulk.maxBatch > 1);
	const single = providers.filter((spec) => spec.bulk.maxBatch === 1).map((spec) => spec.name);
	const paced = providers.filter((spec) => pacingText(spec));
	const unpaced = providers.filter((spec) => !pacingText(spec)).map((spec) => spec.name);
	const documented = `${paced.map((spec) => `${spec.name} ${pacingText(spec)}`).join('; ')}${unpaced.length ? `; ${unpaced.join(' and ')} document none` : ''}`;
	const override = (unit: string) =>
		`Replaces the documented limits of the bulk requests with this many requests per ${unit}. 0 keeps the documented limits (${documented}). Use it when your plan's limit differs or when other workflows share the account.`;
	return {
		/** Under the Provider dropdown: how that provider takes links, its limits, and where its credential goes. */
		notice: (spec: ProviderSpec) => {
			const bulk = providers.find((candidate) => candidate.id === spec.id);
			if (!bulk) return undefined;
			const pacing = pacingText(bulk);
			return `${spec.name}: ${batchText(bulk)}${pacing ? `, paced to ${pacing}` : ', no documented rate limit'}. Pick or create your ${spec.name} credential above.`;
		},
		/** Providers with no bulk endpoint, for which Batch Size means nothing. */
		unbatched: providers.filter((spec) => spec.bulk.maxBatch === 1).map((spec) => spec.id),
		provider: `The deep-linking service that creates the links. ${providers.map((spec) => `${spec.name}: ${batchText(spec)}`).join('. ')}.`,
		batchSize: `Most links per request. 0 uses the provider maximum: ${batched.map((spec) => `${spec.name} ${batchText(spec).replace(' per request', '')}`).join(', ')}.${single.length ? ` Ignored for ${single.join(' and ')}, which has no bulk endpoint.` : ''}`,
		perSecond: override('second'),
		perMinute: override('minute'),
	};
}
