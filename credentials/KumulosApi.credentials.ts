import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { assertSignedRequestTarget } from '../nodes/shared/transport/hosts';

export class KumulosApi implements ICredentialType {
	name = 'kumulosApi';

	displayName = 'Kumulos API';

	icon = 'file:icons/kumulos.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-mobile-engagement/n8n-nodes-mobile-engagement#kumulos';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Your app's API Key, from the App Dashboard in the Kumulos Agency Console",
		},
		{
			displayName: 'Server Key',
			name: 'serverSecretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Your app's Server Key, from the App Dashboard in the Kumulos Agency Console",
		},
		{
			displayName: 'Deep Links Base URL',
			name: 'linksBaseUrl',
			type: 'string',
			default: 'https://links.kumulos.com',
			description: 'Must be https://. Plain http:// is accepted only for localhost, for local testing.',
		},
		{
			displayName: 'Push Base URL',
			name: 'pushBaseUrl',
			type: 'string',
			default: 'https://push.kumulos.com',
			description: 'Must be https://. Plain http:// is accepted only for localhost, for local testing.',
		},
	];

	// HTTP Basic: API Key as user name, Server Key as password. A function, not a generic template: n8n
	// evaluates a template's expressions on every request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		assertSignedRequestTarget('Kumulos', [credentials.linksBaseUrl, credentials.pushBaseUrl], requestOptions);
		return { ...requestOptions, auth: { username: String(credentials.apiKey ?? ''), password: String(credentials.serverSecretKey ?? '') } };
	};

	// Listing channels checks both keys and changes nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.pushBaseUrl.replace(/\\/+$/, "")}}',
			url: '/channels',
			headers: { Accept: 'application/json' },
		},
	};
}
