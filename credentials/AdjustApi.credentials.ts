import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { assertSignedRequestTarget, BASE_URL_RULE } from '../nodes/shared/transport/hosts';

export class AdjustApi implements ICredentialType {
	name = 'adjustApi';

	displayName = 'Adjust API';

	icon = 'file:icons/adjust.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-mobile-engagement/n8n-nodes-mobile-engagement#adjust';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'Paste the API Token from My profile',
			description:
				'Your Adjust API token: Account settings → My profile → API Token. The user needs Admin, Editor or Custom Editor permissions.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://automate.adjust.com',
			description: BASE_URL_RULE,
		},
	];

	// A function, not a generic template: n8n evaluates a template's expressions on every request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		assertSignedRequestTarget('Adjust', [credentials.baseUrl], requestOptions);
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiToken ?? '')}` } };
	};

	// Reading the quota checks the token and changes nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/engage/deep-links/quota',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Adjust refused the API Token (401 Unauthorized): check API Token. Copy it again from Account settings → My profile; a token that was reset no longer works.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Adjust accepted the API Token but refused access (403 Forbidden): check API Token's user. The Deep link generator API needs Admin, Editor or Custom Editor permissions.",
				},
			},
		],
	};
}
