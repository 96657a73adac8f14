import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { assertSignedRequestTarget, BASE_URL_RULE } from '../nodes/shared/transport/hosts';
import { str } from '../nodes/shared/common/values';

const text = (value: unknown): string => str(value) ?? '';

/**
 * Branch wants its keys in a different place per endpoint, so a fixed header or query field cannot do:
 * the key goes in the body for create, in the path for bulk, in the query for read; update also needs
 * the secret; delete needs the Access Token header and the App ID.
 */
export function authenticateBranchRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	assertSignedRequestTarget('Branch', [credentials.baseUrl], requestOptions);
	const branchKey = text(credentials.branchKey);
	const method = (requestOptions.method ?? 'GET').toUpperCase();
	const url = requestOptions.url;
	const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0].replace(/\/+$/, '');
	const body = (requestOptions.body ?? {}) as IDataObject;
	const qs = { ...(requestOptions.qs ?? {}) };

	if (path.endsWith('/v1/url/bulk')) {
		return { ...requestOptions, url: `${url.replace(/\/+$/, '')}/${encodeURIComponent(branchKey)}` };
	}
	if (!path.endsWith('/v1/url')) return requestOptions;

	switch (method) {
		case 'POST':
			return { ...requestOptions, body: { ...body, branch_key: branchKey } };
		case 'PUT':
			return {
				...requestOptions,
				body: { ...body, branch_key: branchKey, branch_secret: text(credentials.branchSecret) },
			};
		case 'DELETE':
			return {
				...requestOptions,
				qs: { ...qs, app_id: text(credentials.appId) },
				headers: { ...requestOptions.headers, 'Access-Token': text(credentials.accessToken) },
			};
		default:
			return { ...requestOptions, qs: { ...qs, branch_key: branchKey } };
	}
}

export class BranchApi implements ICredentialType {
	name = 'branchApi';

	displayName = 'Branch API';

	icon = 'file:icons/branch.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-mobile-engagement/n8n-nodes-mobile-engagement#branch';

	properties: INodeProperties[] = [
		{
			displayName: 'Branch Key',
			name: 'branchKey',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. key_live_...',
			description: 'From the Branch Dashboard: Account Settings → Profile → Branch Key. It identifies your app; the secret below is what protects it.',
		},
		{
			displayName: 'Branch Secret',
			name: 'branchSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. secret_live_...',
			description: 'From the Branch Dashboard: Account Settings → Profile → Branch Secret. Needed to update links.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Your Branch API Access Token, from the Branch Dashboard User Settings. Only deleting links needs it.',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: 'Optional. Your Branch App ID, from Account Settings → Profile. Only deleting links needs it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api2.branch.io',
			description: BASE_URL_RULE,
		},
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => authenticateBranchRequest(credentials, requestOptions);

	// Reading the app's settings checks the key and the secret and changes nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/v1/app/{{encodeURIComponent($credentials.branchKey)}}',
			qs: { branch_secret: '={{$credentials.branchSecret}}' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						"Branch refused the Branch Key or the Branch Secret (401 Unauthorized): check Branch Key and Branch Secret. Both are in the Branch Dashboard under Account Settings → Profile, and the secret must be the one of the key's app.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Branch refused access to this app (403 Forbidden): check that Branch Key and Branch Secret are the pair shown together in the Branch Dashboard under Account Settings → Profile.",
				},
			},
		],
	};
}
