import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../../common/errors';
import { asObject } from '../../common/values';
import { providerRequest } from '../../transport';
import { failedLink, missingAnswer, settle } from '../bulkResults';
import type { BulkCapability } from '../types';
import { kumulosLinkOutput } from './link';
import { kumulosSpec } from './spec';

/**
 * Kumulos validates the whole request and creates nothing when one link is wrong, naming it as
 * `<index>.<field>`. Those links fail; the others go again, which is safe because none was created.
 */
function kumulosLinkErrors(error: NodeApiError, size: number): Map<number, { message: string; field: string }> {
	const found = new Map<number, { message: string; field: string }>();
	const text = String(error.context.providerMessage ?? '');
	const pattern = /(?:^|[.;] )(\d+)\.([A-Za-z_][\w.]*): (.*?)(?=; \d+\.[A-Za-z_][\w.]*: |$)/g;
	for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
		const index = Number(match[1]);
		if (index < size && !found.has(index)) found.set(index, { field: match[2], message: match[3] });
	}
	return found;
}

export const kumulosBulk: BulkCapability = {
	maxBatch: 500,
	bucket: 'account',
	async send(context, entries, options) {
		let response;
		try {
			response = await providerRequest.call(context, kumulosSpec, {
				method: 'POST',
				host: 'links',
				path: '/v1/deep-links',
				body: entries.map((entry) => entry.payload),
				itemIndex: entries[0].itemIndex,
				...options,
			});
		} catch (error) {
			const refused = error instanceof NodeApiError && error.httpCode === '422' ? kumulosLinkErrors(error, entries.length) : undefined;
			if (!refused?.size) throw asNodeError(context.getNode(), error);
			const results: IDataObject[] = new Array(entries.length);
			const rest: number[] = [];
			entries.forEach((_entry, index) => {
				const problem = refused.get(index);
				if (problem) results[index] = failedLink('kumulos', { message: problem.message, code: '422', field: problem.field });
				else rest.push(index);
			});
			if (rest.length) {
				const again = await settle(kumulosBulk, 'kumulos', context, rest.map((index) => entries[index]), options);
				rest.forEach((index, position) => (results[index] = again[position]));
			}
			return results;
		}
		const links = Array.isArray(response.body) ? (response.body as unknown[]) : [];
		return entries.map((_entry, index) => {
			const link = asObject(links[index]);
			return link ? { success: true, ...kumulosLinkOutput(link) } : missingAnswer('kumulos', 'Kumulos');
		});
	},
};
