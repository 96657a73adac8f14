// Wrong types are refused with a clear error before any request, never dropped, replaced or sent as
// "[object Object]" or "true": text fields take text and numbers (as their text); true/false fields take
// booleans and "true"/"false"; whole numbers are bounded; Adjust's Short Token is checked before sending.
// Continue On Fail off and on.
const { runNode } = require('../helpers/engine');
const { credentials } = require('../helpers/credentials');
const { isolateRequests, recordingProviders, sent } = require('../helpers/http');
const { expectRefused } = require('../helpers/refusals');

const LINK = 'https://x.app.link/promo';
const { branchKey, branchSecret } = credentials.branchApi;

isolateRequests();

const logs = recordingProviders({
	adjust: () => [200, { url: 'https://x.go.link/a' }],
	branch: (request) => (request.method === 'GET' ? [200, { data: { $og_title: 'Old' } }] : [200, { url: LINK }]),
	links: (request) => [200, request.body.map((_, index) => ({ id: index + 1, url: `https://x.lnk.click/${index}` }))],
	push: (request) => (request.method === 'GET' ? [200, []] : request.method === 'POST' && request.path === '/notifications' ? [201, { id: 1 }] : [200, { id: 5 }]),
	shortify: () => [200, { success: true, data: { id: 'link_1' }, pagination: { nextCursor: null } }],
});

const kumulosLink = { provider: 'kumulos', kumulosLinkData: '{"a": 1}', kumulosDesktopWebFallbackUrl: 'https://e.com/d', kumulosMobileWebFallbackUrl: 'https://e.com/m' };
const kumulosBody = { linkData: { a: 1 }, desktopWebFallbackUrl: 'https://e.com/d', mobileWebFallbackUrl: 'https://e.com/m' };
const push = { provider: 'kumulos', kumulosTargets: { installIds: 'install-1' }, kumulosTitle: 'Hi', kumulosMessage: 'There' };
const pushBody = { installIds: ['install-1'], title: 'Hi', message: 'There' };

/**
 * [title, provider log, node, the bad value, the good value, the error, the field, the request the good value makes].
 * The node reads `$json.value`; item 0 carries the bad value, item 1 the good one.
 */
const REFUSED = [
	// Text fields: objects, lists and true/false are not text.
	['Adjust Campaign as an object', 'adjust', { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { campaign: '={{ $json.value }}' } } }, { name: 'x' }, 'summer', 'Campaign must be text, got an object', 'Campaign', { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc', campaign: 'summer' } }],
	['Adjust Link Token as a list', 'adjust', { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: '={{ $json.value }}' } }, ['abc'], 'abc', 'Link Token must be text, got a list', 'Link Token', { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc' } }],
	['Branch Channel as true', 'branch', { type: 'createDeepLink', parameters: { provider: 'branch', branchFields: { channel: '={{ $json.value }}' } } }, true, 'sms', 'Channel must be text, got true', 'Channel', { method: 'POST', path: '/v1/url', body: { channel: 'sms', branch_key: branchKey } }],
	['Branch Alias as an object', 'branch', { type: 'createDeepLink', parameters: { provider: 'branch', branchFields: { alias: '={{ $json.value }}' } } }, { a: 1 }, 'promo', 'Alias must be text, got an object', 'Alias', { method: 'POST', path: '/v1/url', body: { alias: 'promo', branch_key: branchKey } }],
	['Branch update Channel as an object (it used to be dropped)', 'branch', { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateFields: { channel: '={{ $json.value }}' } } }, { a: 1 }, 'email', 'Channel must be text, got an object', 'Channel', { method: 'PUT', path: `/v1/url?url=${encodeURIComponent(LINK)}`, body: { channel: 'email', branch_key: branchKey, branch_secret: branchSecret } }],
	['Kumulos Slug as an object', 'links', { type: 'createDeepLink', parameters: { ...kumulosLink, kumulosFields: { slug: '={{ $json.value }}' } } }, { s: 1 }, 'summer', 'Slug must be text, got an object', 'Slug', { method: 'POST', path: '/v1/deep-links', body: [{ slug: 'summer', ...kumulosBody }] }],
	['Kumulos Jump Page Title as true', 'links', { type: 'createDeepLink', parameters: { ...kumulosLink, kumulosFields: { contentTitle: '={{ $json.value }}' } } }, true, 'Summer', 'Jump Page Title must be text, got true', 'Jump Page Title', { method: 'POST', path: '/v1/deep-links', body: [{ ...kumulosBody, content: { title: 'Summer' } }] }],
	['Send Push Title as an object', 'push', { type: 'sendPush', parameters: { ...push, kumulosTitle: '={{ $json.value }}' } }, { t: 1 }, 'Hi', 'Title must be text, got an object', 'Title', { method: 'POST', path: '/notifications', body: pushBody }],
	['Send Push Collapse ID as true (it used to be sent as "true")', 'push', { type: 'sendPush', parameters: { ...push, kumulosPushFields: { collapseId: '={{ $json.value }}' } } }, true, 'promo', 'Collapse ID must be text, got true', 'Collapse ID', { method: 'POST', path: '/notifications', body: { ...pushBody, collapseId: 'promo' } }],
	['Send Push iOS Sound as an object (it used to be sent as "[object Object]")', 'push', { type: 'sendPush', parameters: { ...push, kumulosPushFields: { iosSound: '={{ $json.value }}' } } }, { file: 'chime.caf' }, 'chime.caf', 'iOS Sound must be text, got an object', 'iOS Sound', { method: 'POST', path: '/notifications', body: { ...pushBody, soundConfig: { iosSound: 'chime.caf' } } }],
	['Send Push Segment UUID as a list', 'push', { type: 'sendPush', parameters: { ...push, kumulosTargets: { segmentUuid: '={{ $json.value }}' } } }, ['seg'], 'seg', 'Segment UUID must be text, got a list', 'Segment UUID', { method: 'POST', path: '/notifications', body: { segmentUuid: 'seg', title: 'Hi', message: 'There' } }],
	['Manage Channel Name as an object (it used to be sent as "[object Object]")', 'push', { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'create', uuid: 'summer', channelFields: { name: '={{ $json.value }}' } } }, { n: 1 }, 'Summer', 'Name must be text, got an object', 'Name', { method: 'POST', path: '/channels', body: { uuid: 'summer', name: 'Summer' } }],
	['Manage Channel UUID as true', 'push', { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'create', uuid: '={{ $json.value }}' } }, true, 'summer', 'UUID must be text, got true', 'UUID', { method: 'POST', path: '/channels', body: { uuid: 'summer' } }],
	['Shortify Title as an object', 'shortify', { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { title: '={{ $json.value }}' } } }, { t: 1 }, 'Invite', 'Title must be text, got an object', 'Title', { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', title: 'Invite' } }],
	['Shortify Tracking UTM Source as a list', 'shortify', { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { tracking: { utmSource: '={{ $json.value }}' } } } }, ['sms'], 'sms', 'UTM Source must be text, got a list', 'UTM Source', { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', tracking: { utmSource: 'sms' } } }],
	['Shortify update Comments as true', 'shortify', { type: 'manageDeepLink', parameters: { provider: 'shortify', operation: 'update', shortifyLink: { mode: 'id', value: 'link_1' }, shortifyUpdateFields: { comments: '={{ $json.value }}' } } }, true, 'note', 'Comments must be text, got true', 'Comments', { method: 'PATCH', path: '/v1/deep-links/link_1', body: { comments: 'note' } }],
	// Lists: each entry text or a number.
	['Branch Tags holding an object', 'branch', { type: 'createDeepLink', parameters: { provider: 'branch', branchFields: { tags: '={{ $json.value }}' } } }, ['a', { b: 1 }], ['a', 'b'], 'Tags must be a list of text values; entry 2 is an object', 'Tags', { method: 'POST', path: '/v1/url', body: { tags: ['a', 'b'], branch_key: branchKey } }],
	['Send Push Install IDs as true', 'push', { type: 'sendPush', parameters: { ...push, kumulosTargets: { installIds: '={{ $json.value }}' } } }, true, 'install-1', 'Install IDs must be a list: an array or comma-separated text', 'Install IDs', { method: 'POST', path: '/notifications', body: pushBody }],
	// True/false fields: booleans or "true"/"false", nothing else.
	['Kumulos Force Web Fallback as "yes"', 'links', { type: 'createDeepLink', parameters: { ...kumulosLink, kumulosFields: { forceWebFallback: '={{ $json.value }}' } } }, 'yes', 'true', 'Force Web Fallback must be true or false, got "yes"', 'Force Web Fallback', { method: 'POST', path: '/v1/deep-links', body: [{ ...kumulosBody, forceWebFallback: true }] }],
	['Kumulos Force Web Fallback as 1', 'links', { type: 'createDeepLink', parameters: { ...kumulosLink, kumulosFields: { forceWebFallback: '={{ $json.value }}' } } }, 1, true, 'Force Web Fallback must be true or false, got "1"', 'Force Web Fallback', { method: 'POST', path: '/v1/deep-links', body: [{ ...kumulosBody, forceWebFallback: true }] }],
	['Send Push Background as "1"', 'push', { type: 'sendPush', parameters: { ...push, kumulosPushFields: { isBackground: '={{ $json.value }}' } } }, '1', 'TRUE', 'Background must be true or false, got "1"', 'Background', { method: 'POST', path: '/notifications', body: { ...pushBody, isBackground: true } }],
	['Send Push Android High Priority as an object', 'push', { type: 'sendPush', parameters: { ...push, kumulosPushFields: { highPriority: '={{ $json.value }}' } } }, { on: true }, true, 'Android High Priority must be true or false, got an object', 'Android High Priority', { method: 'POST', path: '/notifications', body: { ...pushBody, android: { highPriority: true } } }],
	['Send Push Broadcast as "yes"', 'push', { type: 'sendPush', parameters: { provider: 'kumulos', kumulosBroadcast: '={{ $json.value }}', kumulosTitle: 'Hi', kumulosMessage: 'There' } }, 'yes', 'true', 'Broadcast must be true or false, got "yes"', 'Broadcast', { method: 'POST', path: '/notifications', body: { broadcast: true, title: 'Hi', message: 'There' } }],
	['Manage Channel Show in Portal as "no"', 'push', { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'update', channelId: '5', updateFields: { showInPortal: '={{ $json.value }}' } } }, 'no', 'false', 'Show in Portal must be true or false, got "no"', 'Show in Portal', { method: 'PUT', path: '/channels/5', body: { showInPortal: false } }],
	['Adjust Shorten URL as 0', 'adjust', { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { shorten_url: '={{ $json.value }}' } } }, 0, 'false', 'Shorten URL must be true or false, got "0"', 'Shorten URL', { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc', shorten_url: false } }],
	// Adjust's short-token pattern, checked before sending.
	['Adjust Short Token with a space and "!"', 'adjust', { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { shortCode: '={{ $json.value }}' } } }, 'summer sale!', 'summer-sale_2026', 'Short Token may only contain letters, digits, "-" and "_"', 'Short Token', { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc', short_token: 'summer-sale_2026' } }],
	['Adjust Short Token with a slash', 'adjust', { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { shortCode: '={{ $json.value }}' } } }, 'a/b', 'ab', 'Short Token may only contain letters, digits, "-" and "_"', 'Short Token', { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc', short_token: 'ab' } }],
	// Whole numbers have bounds.
	['Branch Match Duration above 2^31 - 1', 'branch', { type: 'createDeepLink', parameters: { provider: 'branch', branchFields: { duration: '={{ $json.value }}' } } }, 2147483648, 60, 'Match Duration (Seconds) must be from 0 to 2147483647, got 2147483648', 'Match Duration (Seconds)', { method: 'POST', path: '/v1/url', body: { duration: 60, branch_key: branchKey } }],
	['Branch Match Duration as "0x10"', 'branch', { type: 'createDeepLink', parameters: { provider: 'branch', branchFields: { duration: '={{ $json.value }}' } } }, '0x10', '16', 'Match Duration (Seconds) must be a whole number, got "0x10"', 'Match Duration (Seconds)', { method: 'POST', path: '/v1/url', body: { duration: 16, branch_key: branchKey } }],
	['Branch update Match Duration of 1e21', 'branch', { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateFields: { duration: '={{ $json.value }}' } } }, 1e21, 60, 'Match Duration (Seconds) must be from 0 to 2147483647, got 1e+21', 'Match Duration (Seconds)', { method: 'PUT', path: `/v1/url?url=${encodeURIComponent(LINK)}`, body: { duration: 60, branch_key: branchKey, branch_secret: branchSecret } }],
	['Kumulos Lookup Limit of 1e21', 'links', { type: 'createDeepLink', parameters: { ...kumulosLink, kumulosFields: { lookupLimit: '={{ $json.value }}' } } }, 1e21, 3, 'Lookup Limit must be from 1 to 2147483647, got 1e+21', 'Lookup Limit', { method: 'POST', path: '/v1/deep-links', body: [{ ...kumulosBody, lookupLimit: 3 }] }],
	['Kumulos Lookup Limit of 0', 'links', { type: 'createDeepLink', parameters: { ...kumulosLink, kumulosFields: { lookupLimit: '={{ $json.value }}' } } }, 0, 1, 'Lookup Limit must be from 1 to 2147483647, got 0', 'Lookup Limit', { method: 'POST', path: '/v1/deep-links', body: [{ ...kumulosBody, lookupLimit: 1 }] }],
	['Send Push iOS Badge Count of 3e9', 'push', { type: 'sendPush', parameters: { ...push, kumulosPushFields: { hasBadge: true, badgeCount: '={{ $json.value }}' } } }, 3e9, -2, 'iOS Badge Count must be from -2147483647 to 2147483647, got 3000000000', 'iOS Badge Count', { method: 'POST', path: '/notifications', body: { ...pushBody, ios: { hasBadge: true, badgeType: 'incrementBy', badgeCount: -2 } } }],
	['Manage Channel IDs per Request of 10001', 'push', { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'subscribe', channelId: '5', subscriberIds: 'install-1', chunkSize: '={{ $json.value }}' } }, 10001, 10000, 'IDs per Request must be from 1 to 10000, got 10001', 'IDs per Request', { method: 'POST', path: '/channels/5/subscriptions', body: { installIds: ['install-1'] } }],
	['Get Opens Limit of "0x10"', 'push', { type: 'getOpens', parameters: { provider: 'kumulos', notificationId: '42', limit: '={{ $json.value }}' } }, '0x10', 5, 'Limit must be a whole number, got "0x10"', 'Limit', { method: 'GET', path: '/notifications/42/install-opens' }],
	['Shortify List Limit of 1e21', 'shortify', { type: 'manageDeepLink', parameters: { provider: 'shortify', operation: 'list', limit: '={{ $json.value }}' } }, 1e21, 5, 'Limit must be from 1 to 2147483647, got 1e+21', 'Limit', { method: 'GET', path: '/v1/deep-links?limit=5' }],
];

describe.each(REFUSED)('%s', (_title, log, node, bad, good, message, field, sent) => {
	test('is refused before any request, naming item and field; the other item goes out as given', async () => {
		await expectRefused({ node, items: [{ value: bad }, { value: good }], credentials, log: logs[log], message: `Item 0: ${message}`, field, sent: [sent] });
	});
});

describe('numbers (and dates) in text fields are sent as their text', () => {
	test.each([
		['Adjust Link Token and Campaign', 'adjust', { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: '={{ $json.token }}', adjustFields: { campaign: '={{ $json.value }}' } } }, { token: 123, value: 2026 }, { method: 'POST', path: '/engage/deep-links', body: { link_token: '123', campaign: '2026' } }],
		['Branch Campaign in an update (it used to be dropped)', 'branch', { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateFields: { campaign: '={{ $json.value }}' } } }, { value: 7 }, { method: 'PUT', path: `/v1/url?url=${encodeURIComponent(LINK)}`, body: { campaign: '7', branch_key: branchKey, branch_secret: branchSecret } }],
		['Send Push Title and Message (a number title used to be refused as missing)', 'push', { type: 'sendPush', parameters: { ...push, kumulosTitle: '={{ $json.value }}', kumulosMessage: '={{ $json.value }}' } }, { value: 42 }, { method: 'POST', path: '/notifications', body: { ...pushBody, title: '42', message: '42' } }],
		['Manage Channel UUID and Name', 'push', { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'create', uuid: '={{ $json.value }}', channelFields: { name: '={{ $json.value }}', showInPortal: 'true' } } }, { value: 12 }, { method: 'POST', path: '/channels', body: { uuid: '12', name: '12', showInPortal: true } }],
		['Shortify Key and Deep Link App ID', 'shortify', { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: '={{ $json.value }}', shortifyFields: { key: '={{ $json.value }}' } } }, { value: 1234 }, { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: '1234', key: '1234' } }],
		['Adjust Campaign from a date expression (a date is sent as its ISO text)', 'adjust', { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { campaign: '={{ new Date(0) }}', label: '={{ DateTime.fromISO("2026-01-02T03:04:05Z", { zone: "utc" }) }}' } } }, {}, { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc', campaign: '1970-01-01T00:00:00.000Z', label: '2026-01-02T03:04:05.000Z' } }],
	])('%s', async (_title, log, node, json, request) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			logs[log].length = 0;
			const { error } = await runNode({ node: { name: 'Node', ...node, onError }, items: [json], credentials });
			expect(error).toBeUndefined();
			expect(sent(logs[log])).toEqual([request]);
		}
	});
});
