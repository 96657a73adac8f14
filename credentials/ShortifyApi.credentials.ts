import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { assertSignedRequestTarget, BASE_URL_RULE } from '../nodes/shared/transport/hosts';

export class ShortifyApi implements ICredentialType {
	name = 'shortifyApi';

	displayName = 'Shortify API';

	icon = 'file:icons/shortify.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-mobile-engagement/n8n-nodes-mobile-engagement#shortify';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. sk_live_...',
			description: 'A Shortify server key (sk_live_… or sk_test_…) from your Shortify workspace settings',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.shortify.com',
			description: BASE_URL_RULE,
		},
	];

	// A function, not a generic template: n8n evaluates a template's expressions on every request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		assertSignedRequestTarget('Shortify', [credentials.baseUrl], requestOptions);
		return { ...requestOptions, headers: { ...requestOptions.headers, 'api-key': String(credentials.apiKey ?? '') } };
	};

	// Listing one link checks the key and changes nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/deep-links',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Shortify refused the API Key (401 Unauthorized): check API Key. It must be a server key (sk_live_… or sk_test_…) from your Shortify workspace settings, sent as the api-key header.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Shortify accepted the API Key but refused to list deep links with it (403 Forbidden): check API Key. Use a server key (sk_live_… or sk_test_…) of the workspace whose links the node manages.',
				},
			},
		],
	};
}
