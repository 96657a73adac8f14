import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { str } from '../nodes/shared/common/values';
import { assertSignedRequestTarget, BASE_URL_RULE, baseUrlProblem } from '../nodes/shared/transport/hosts';

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
			placeholder: 'Paste the API Key from the App Dashboard',
			description: "Your app's API Key, from the App Dashboard in the Kumulos Agency Console",
		},
		{
			displayName: 'Server Key',
			name: 'serverSecretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'Paste the Server Key from the App Dashboard',
			description: "Your app's Server Key, from the App Dashboard in the Kumulos Agency Console",
		},
		{
			displayName: 'Deep Links Base URL',
			name: 'linksBaseUrl',
			type: 'string',
			default: 'https://links.kumulos.com',
			description: `Where deep links are created. ${BASE_URL_RULE} Test checks the keys against the Push Base URL; of this URL it checks only that it follows that rule.`,
		},
		{
			displayName: 'Push Base URL',
			name: 'pushBaseUrl',
			type: 'string',
			default: 'https://push.kumulos.com',
			description: `Where notifications are sent and channels managed. ${BASE_URL_RULE} Test checks the keys against this URL.`,
		},
	];

	// HTTP Basic: API Key as user name, Server Key as password. A function, not a generic template: n8n
	// evaluates a template's expressions on every request. Both Base URLs must follow the Base URL rule
	// whichever host a request goes to, so that Test (which reaches only the push host) also refuses a
	// Deep Links Base URL that no request could be sent to.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const baseUrls = [credentials.linksBaseUrl, credentials.pushBaseUrl];
		assertSignedRequestTarget('Kumulos', baseUrls, requestOptions);
		const labels = ['Deep Links Base URL', 'Push Base URL'];
		baseUrls.forEach((raw, index) => {
			const problem = str(raw) === undefined ? undefined : baseUrlProblem(raw);
			if (problem) throw new Error(`The Kumulos credential's ${labels[index]} is not allowed: ${problem}. ${BASE_URL_RULE}`);
		});
		return { ...requestOptions, auth: { username: String(credentials.apiKey ?? ''), password: String(credentials.serverSecretKey ?? '') } };
	};

	// GET /channels lists the channels and changes nothing. The Push API page documents no read that works
	// without an existing notification's ID, so the rules also say what a 404 or 405 from it means: not that
	// the keys were refused (that is a 401), but that this Push Base URL does not serve the listing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.pushBaseUrl.replace(/\\/+$/, "")}}',
			url: '/channels',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Kumulos refused the keys (401 Unauthorized: "the authorization header was not provided or poorly formed"): check API Key and Server Key. Copy both again from the App Dashboard in the Kumulos Agency Console; the API Key is the user name, the Server Key the password.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Kumulos refused access with these keys (403 Forbidden): check API Key and Server Key. Both must be the same app's, from its App Dashboard in the Kumulos Agency Console.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Push Base URL answered 404 Not Found to GET /channels, the read Test uses, and did not refuse the keys (a refused key gets 401 Unauthorized): check Push Base URL (by default https://push.kumulos.com). If it is right, the keys may well work: Get Opens with the ID of one of your notifications tells for sure, without sending anything.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 405,
					message:
						'The Push Base URL answered 405 Method Not Allowed to GET /channels, the read Test uses, so Test cannot tell whether the keys work: check Push Base URL (by default https://push.kumulos.com). A refused key gets 401 Unauthorized; Get Opens with the ID of one of your notifications tells for sure, without sending anything.',
				},
			},
		],
	};
}
