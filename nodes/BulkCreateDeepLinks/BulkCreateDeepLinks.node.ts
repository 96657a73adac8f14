import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { bulkCreateLinks, DEFAULT_CONCURRENCY } from '../shared/actions/bulkCreate';
import { bulkOptionTexts } from '../shared/descriptions/bulk';
import { autoMappingNotices, manualFields, mappingModeProperties } from '../shared/descriptions/mapping';
import { outputOptionFields, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';

const texts = bulkOptionTexts();

export class BulkCreateDeepLinks implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bulk Create Deep Links',
		name: 'bulkCreateDeepLinks',
		icon: { light: 'file:bulkCreate.svg', dark: 'file:bulkCreate.dark.svg' },
		group: ['output'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitle('bulk'),
		description:
			"Create thousands of deep links in one run with Adjust, Branch, Kumulos or Shortify, batched and paced to each provider's limits",
		defaults: { name: 'Bulk Create Deep Links' },
		// Not a tool: an agent's tool call is one item, so it would only duplicate Create Deep Link.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('bulk'),
		properties: [
			providerProperty('bulk', texts.provider),
			...providerNotices('bulk', texts.notice),
			// Version 2 maps automatically by default: a real n8n spends milliseconds per expression per item.
			...mappingModeProperties([
				{ versions: [1], value: 'defineBelow' },
				{ versions: [2], value: 'autoMapInputData' },
			]),
			{
				displayName: 'On Failed Links',
				name: 'onFailedLinks',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Output All Items With Status',
						value: 'output',
						description: 'Every item comes out with success: true or false and, when false, the error for that link',
					},
					{
						name: 'Fail the Execution',
						value: 'fail',
						description:
							'Create every valid link, then stop with an error listing each item that failed and each link that was created',
					},
				],
				default: 'output',
				description: 'What to do when some links could not be created',
			},
			...autoMappingNotices(),
			{
				displayName: 'Each input item becomes one link. Use expressions to take the fields from the item.',
				name: 'bulkNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { mappingMode: ['defineBelow'] } },
			},
			...manualFields(providersWith('bulk').flatMap((spec) => spec.link?.fields ?? [])),
			requestOptions([
				...outputOptionFields({
					byDefault: false,
					description:
						"Whether to add the provider's whole answer for each link under response. The link and its identifiers are always at the top level; version 1 of this node includes it unless this is off.",
				}),
				{
					displayName: 'Batch Size',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: texts.batchSize,
					displayOptions: { hide: { '/provider': texts.unbatched } },
				},
				{
					displayName: 'Concurrency',
					name: 'concurrency',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 100 },
					default: DEFAULT_CONCURRENCY,
					description:
						"How many requests may be under way at once. The provider's rate limits still apply, so more only helps when answers are slow.",
				},
				{
					displayName: 'Requests Per Minute',
					name: 'requestsPerMinute',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: texts.perMinute,
				},
				{
					displayName: 'Requests Per Second',
					name: 'requestsPerSecond',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: texts.perSecond,
				},
			]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await bulkCreateLinks(this);
	}
}
