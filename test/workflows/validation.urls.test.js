// Every URL field of every provider takes http:// or https:// only: Send Push's URL sent javascript:, file:
// and ftp: links, and Branch checked three $…_url keys of Link Data out of many. Each bad URL is refused
// before any request, Continue On Fail off and on; the other item goes out exactly as given.
const { runNode } = require('../helpers/engine');
const { credentials } = require('../helpers/credentials');
const { isolateRequests, recordingProviders, sent } = require('../helpers/http');
const { expectRefused } = require('../helpers/refusals');

const BAD = ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com/offer', 'myapp://offer/42', 'data:text/html,hi', '//example.com/offer', 'example.com/offer', 'http://'];
const GOOD = 'https://example.com/ok';
const LINK = 'https://x.app.link/promo';
const { branchKey, branchSecret } = credentials.branchApi;

isolateRequests();

const logs = recordingProviders({
	adjust: (request) => (request.method === 'PUT' ? [204, ''] : [200, { url: 'https://x.go.link/a' }]),
	branch: (request) =>
		request.path.startsWith('/v1/url/bulk/') ? [200, request.body.map(() => ({ url: LINK }))] : request.method === 'GET' ? [200, { data: { $og_title: 'Old' } }] : [200, { url: LINK }],
	links: (request) => [200, request.body.map((_, index) => ({ id: index + 1, url: `https://x.lnk.click/${index}` }))],
	push: () => [201, { id: 1 }],
	shortify: () => [200, { success: true, data: { id: 'link_1' } }],
});

const message = (index, label) => `Item ${index}: ${label} must be an http:// or https:// URL`;

/** One URL field: the node, where the item's URL goes, the request that carries a good one. */
const FIELDS = [
	...[
		['fallback', 'Fallback URL'],
		['redirect', 'Redirect URL'],
		['redirect_ios', 'Redirect URL (iOS)'],
		['redirect_android', 'Redirect URL (Android)'],
		['redirect_macos', 'Redirect URL (macOS)'],
		['redirect_windows', 'Redirect URL (Windows)'],
		['og_image', 'Social Preview Image URL'],
	].flatMap(([name, label]) => [
		{
			title: `Adjust create: ${label}`,
			log: 'adjust',
			label,
			node: { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { [name]: '={{ $json.url }}' } } },
			sent: { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc', [name]: GOOD } },
		},
		{
			title: `Adjust update: ${label}`,
			log: 'adjust',
			label,
			node: { type: 'manageDeepLink', parameters: { provider: 'adjust', operation: 'update', adjustShortLink: '4IlkC', adjustLinkId: 'abc', adjustFields: { [name]: '={{ $json.url }}' } } },
			sent: { method: 'PUT', path: '/engage/deep-links/4IlkC', body: { link_token: 'abc', [name]: GOOD } },
		},
	]),
	...[
		['kumulosDesktopWebFallbackUrl', 'Desktop Web Fallback URL', 'desktopWebFallbackUrl'],
		['kumulosMobileWebFallbackUrl', 'Mobile Web Fallback URL', 'mobileWebFallbackUrl'],
	].map(([name, label, api]) => ({
		title: `Kumulos create: ${label}`,
		log: 'links',
		label,
		node: {
			type: 'createDeepLink',
			parameters: { provider: 'kumulos', kumulosLinkData: '{"a": 1}', kumulosDesktopWebFallbackUrl: 'https://example.com/d', kumulosMobileWebFallbackUrl: 'https://example.com/m', [name]: '={{ $json.url }}' },
		},
		sent: {
			method: 'POST',
			path: '/v1/deep-links',
			body: [{ linkData: { a: 1 }, desktopWebFallbackUrl: 'https://example.com/d', mobileWebFallbackUrl: 'https://example.com/m', [api]: GOOD }],
		},
	})),
	{
		title: 'Kumulos create: Social Card Image URL',
		log: 'links',
		label: 'Social Card Image URL',
		node: {
			type: 'createDeepLink',
			parameters: { provider: 'kumulos', kumulosLinkData: '{"a": 1}', kumulosDesktopWebFallbackUrl: 'https://e.com/d', kumulosMobileWebFallbackUrl: 'https://e.com/m', kumulosFields: { contentImageUrl: '={{ $json.url }}' } },
		},
		sent: { method: 'POST', path: '/v1/deep-links', body: [{ linkData: { a: 1 }, desktopWebFallbackUrl: 'https://e.com/d', mobileWebFallbackUrl: 'https://e.com/m', content: { imageUrl: GOOD } }] },
	},
	{
		title: 'Send Push: URL',
		log: 'push',
		label: 'URL',
		node: { type: 'sendPush', parameters: { provider: 'kumulos', kumulosTargets: { installIds: 'install-1' }, kumulosTitle: 'Hi', kumulosMessage: 'There', kumulosPushFields: { url: '={{ $json.url }}' } } },
		sent: { method: 'POST', path: '/notifications', body: { installIds: ['install-1'], title: 'Hi', message: 'There', url: GOOD } },
	},
	...[
		['url', 'Destination URL'],
		['expiredUrl', 'Expired URL'],
		['desktopOverrideUrl', 'Desktop Override URL'],
		['androidOverrideUrl', 'Android Override URL'],
		['iosOverrideUrl', 'iOS Override URL'],
	].flatMap(([name, label]) => [
		{
			title: `Shortify create: ${label}`,
			log: 'shortify',
			label,
			node: { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { [name]: '={{ $json.url }}' } } },
			sent: { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', [name]: GOOD } },
		},
		...(name === 'url'
			? [
					{
						title: 'Shortify create: Destination URL at the top level',
						log: 'shortify',
						label,
						node: { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyUrl: '={{ $json.url }}' } },
						sent: { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', url: GOOD } },
					},
				]
			: []),
		{
			title: `Shortify update: ${label}`,
			log: 'shortify',
			label,
			node: { type: 'manageDeepLink', parameters: { provider: 'shortify', operation: 'update', shortifyLink: { mode: 'id', value: 'link_1' }, shortifyUpdateFields: { [name]: '={{ $json.url }}' } } },
			sent: { method: 'PATCH', path: '/v1/deep-links/link_1', body: { [name]: GOOD } },
		},
	]),
];

describe.each(FIELDS.map((field) => [field.title, field]))('%s', (_title, { log, label, node, sent }) => {
	test.each(BAD)('%s is refused before any request; the other item goes out', async (bad) => {
		await expectRefused({ node, items: [{ url: GOOD }, { url: bad }], credentials, log: logs[log], bad: 1, message: message(1, label), field: label, sent: [sent] });
	});

	test('an object is refused as not text, never sent as "[object Object]"', async () => {
		await expectRefused({ node, items: [{ url: { href: GOOD } }, { url: GOOD }], credentials, log: logs[log], message: `Item 0: ${label} must be text, got an object`, field: label, sent: [sent] });
	});
});

/** Branch link control keys that hold a web address: every `$…_url` key. */
const BRANCH_URL_KEYS = ['$fallback_url', '$desktop_url', '$ios_url', '$android_url', '$ipad_url', '$fire_url', '$blackberry_url', '$windows_phone_url', '$og_image_url', '$canonical_url', '$after_click_url', '$ios_wechat_url'];

describe('Branch Link Data: every $…_url key', () => {
	test.each(BRANCH_URL_KEYS)('Create Deep Link refuses a non-web %s (javascript:, file:, a custom scheme, a number)', async (key) => {
		for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'myapp://open', 42]) {
			await expectRefused({
				node: { type: 'createDeepLink', parameters: { provider: 'branch', branchData: '={{ $json.data }}' } },
				items: [{ data: { [key]: GOOD, $deeplink_path: 'offer/42' } }, { data: { [key]: bad } }],
				credentials,
				log: logs.branch,
				bad: 1,
				message: `Item 1: Link Data key ${key} must be an http:// or https:// URL${typeof bad === 'number' ? ', got a number' : ''}`,
				field: 'Link Data',
				sent: [{ method: 'POST', path: '/v1/url', body: { data: { [key]: GOOD, $deeplink_path: 'offer/42' }, branch_key: branchKey } }],
			});
		}
	});

	test('keys that are not $…_url (a deep link path, custom keys) take any text', async () => {
		const data = { $deeplink_path: 'myapp://offer/42', $og_title: 'javascript: is just text here', my_url: 'myapp://x' };
		const { error } = await runNode({ node: { type: 'createDeepLink', name: 'Node', parameters: { provider: 'branch', branchData: JSON.stringify(data) } }, credentials });
		expect(error).toBeUndefined();
		expect(sent(logs.branch)).toEqual([{ method: 'POST', path: '/v1/url', body: { data, branch_key: branchKey } }]);
	});

	test.each(BRANCH_URL_KEYS)('Update (Replace) refuses a non-web %s', async (key) => {
		await expectRefused({
			node: { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateData: '={{ $json.data }}' } },
			items: [{ data: { [key]: 'ftp://example.com/x' } }, { data: { [key]: GOOD } }],
			credentials,
			log: logs.branch,
			message: `Item 0: Link Data key ${key} must be an http:// or https:// URL`,
			field: 'Link Data',
			sent: [{ method: 'PUT', path: `/v1/url?url=${encodeURIComponent(LINK)}`, body: { data: { [key]: GOOD }, branch_key: branchKey, branch_secret: branchSecret } }],
		});
	});

	test('Update (Merge) refuses a non-web $ios_url before reading the link; null still removes a key', async () => {
		await expectRefused({
			node: { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateData: '={{ $json.data }}' } },
			items: [{ data: { $ios_url: 'javascript:alert(1)' } }, { data: { $ios_url: null, $android_url: GOOD } }],
			credentials,
			log: logs.branch,
			message: 'Item 0: Link Data key $ios_url must be an http:// or https:// URL',
			field: 'Link Data',
			sent: [
				{ method: 'GET', path: `/v1/url?url=${encodeURIComponent(LINK)}&branch_key=${encodeURIComponent(branchKey)}` },
				{ method: 'PUT', path: `/v1/url?url=${encodeURIComponent(LINK)}`, body: { data: { $og_title: 'Old', $android_url: GOOD }, branch_key: branchKey, branch_secret: branchSecret } },
			],
		});
	});

	test.each(['output', 'fail'])('Bulk Create refuses the link with a non-web $android_url, creates the others (On Failed Links: %s)', async (onFailedLinks) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			logs.branch.length = 0;
			const result = await runNode({
				node: { type: 'bulkCreateDeepLinks', name: 'Bulk', onError, parameters: { provider: 'branch', branchData: '={{ $json.data }}', onFailedLinks } },
				items: [{ data: { $android_url: GOOD } }, { data: { $android_url: 'intent://x#Intent;end' } }, { data: { $desktop_url: GOOD } }],
				credentials,
			});
			expect(sent(logs.branch)).toEqual([{ method: 'POST', path: `/v1/url/bulk/${encodeURIComponent(branchKey)}`, body: [{ data: { $android_url: GOOD } }, { data: { $desktop_url: GOOD } }] }]);
			const refused = {
				success: false,
				provider: 'branch',
				error: 'Item 1: Link Data key $android_url must be an http:// or https:// URL',
				field: 'Link Data',
				description: 'Field "Link Data". Correct the value in this item and run the node again.',
			};
			if (onFailedLinks === 'fail' && onError === 'stopWorkflow') {
				expect(result.error.message).toBe('1 of 3 links were not created; 2 were');
				expect(result.error.context.failedItems).toEqual([{ itemIndex: 1, ...refused }]);
			} else {
				expect(result.items.map((item) => item.json)).toEqual([
					{ success: true, provider: 'branch', url: LINK, response: { url: LINK } },
					refused,
					{ success: true, provider: 'branch', url: LINK, response: { url: LINK } },
				]);
			}
		}
	});
});
