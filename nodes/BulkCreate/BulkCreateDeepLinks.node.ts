import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { bulkCreateLinks, DEFAULT_CONCURRENCY } from '../shared/actions/bulkCreateLinks';
import { providerCredentials, providerProperty, requestOptions } from '../shared/descriptions/provider';
import { LINK_PROVIDERS } from '../shared/providers';

const PROVIDERS = ['adjust', 'branch', 'kumulos', 'shortify'] as const;

export class BulkCreateDeepLinks implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bulk Create Deep Links',
		name: 'bulkCreateDeepLinks',
		icon: { light: 'file:bulkCreate.svg', dark: 'file:bulkCreate.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "on " + $parameter["provider"] }}',
		description:
			"Create thousands of deep links in one run with Adjust, Branch, Kumulos or Shortify, batched and paced to each provider's limits",
		defaults: { name: 'Bulk Create Deep Links' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials([...PROVIDERS]),
		properties: [
			providerProperty(
				[...PROVIDERS],
				'The deep-linking service that creates the links. Adjust (100 per request), Branch (100 KB per request) and Kumulos (500 per request) take batches; Shortify gets one request per link, sent in parallel.',
			),
			{
				displayName: 'Each input item becomes one link. Use expressions to take the fields from the item.',
				name: 'bulkNotice',
				type: 'notice',
				default: '',
			},
			...PROVIDERS.flatMap((provider) => LINK_PROVIDERS[provider].fields),
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
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Batch Size',
						name: 'batchSize',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'Most links per request. 0 uses the provider maximum: Adjust 100, Kumulos 500, Branch as many as fit in 100 KB. Ignored for Shortify, which has no bulk endpoint.',
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
					...(requestOptions.options ?? []),
					{
						displayName: 'Requests Per Minute',
						name: 'requestsPerMinute',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							"Replaces the documented per-request limits with this many requests per minute. 0 keeps the documented limits (Branch 30,000 per minute). Use it when your plan's limit differs or when other workflows share the account.",
					},
					{
						displayName: 'Requests Per Second',
						name: 'requestsPerSecond',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							"Replaces the documented per-request limits with this many requests per second. 0 keeps the documented limits (Adjust 100 bulk requests per 2 s and 200 per second per account, Branch 500 per second; Kumulos and Shortify document none). Use it when your plan's limit differs or when other workflows share the account.",
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await bulkCreateLinks.call(this);
	}
}
