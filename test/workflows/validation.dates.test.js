// Date fields: a list or an object is refused (it is no date); a UTC offset beyond ±14:00 is refused (a
// Send At of +25:00 used to schedule a push); a date without an offset in a workflow whose time zone is not
// valid is reported as a time-zone problem, not blamed on the date. Before any request, Continue On Fail off
// and on; the other item goes out as given.
const { runNode } = require('../helpers/engine');
const { credentials } = require('../helpers/credentials');
const { isolateRequests, recordingProviders, sent } = require('../helpers/http');
const { expectRefused } = require('../helpers/refusals');

isolateRequests();

const logs = recordingProviders({
	push: (request) => (request.method === 'GET' ? [200, [{ installId: 'i', openedAt: '2026-12-01 10:00:00' }]] : [201, { id: 1 }]),
	links: (request) => [200, request.body.map(() => ({ id: 1, url: 'https://x.lnk.click/a' }))],
	shortify: () => [200, { success: true, data: { id: 'link_1' } }],
});

const schedule = { kumulosScheduled: true, kumulosStrategy: 'utc', kumulosPastTimes: 'ignore' };
const push = { provider: 'kumulos', kumulosTargets: { installIds: 'install-1' }, kumulosTitle: 'Hi', kumulosMessage: 'There', ...schedule, kumulosSendAt: '={{ $json.when }}' };
const pushBody = (sendAt) => ({ installIds: ['install-1'], title: 'Hi', message: 'There', scheduled: true, schedule: { sendAt, strategy: 'utc', pastTimes: 'ignore' } });
const kumulosLink = { provider: 'kumulos', kumulosLinkData: '{"a": 1}', kumulosDesktopWebFallbackUrl: 'https://e.com/d', kumulosMobileWebFallbackUrl: 'https://e.com/m', kumulosFields: { expiresAt: '={{ $json.when }}' } };

/** [title, log, node, label, request for the good date 2026-12-01T09:00:00Z]. */
const DATE_FIELDS = [
	['Send Push: Send At', 'push', { type: 'sendPush', parameters: push }, 'Send At', { method: 'POST', path: '/notifications', body: pushBody('2026-12-01 09:00') }],
	['Create Deep Link (Kumulos): Expires At', 'links', { type: 'createDeepLink', parameters: kumulosLink }, 'Expires At', { method: 'POST', path: '/v1/deep-links', body: [{ linkData: { a: 1 }, desktopWebFallbackUrl: 'https://e.com/d', mobileWebFallbackUrl: 'https://e.com/m', expiresAt: '2026-12-01T09:00:00Z' }] }],
	['Create Deep Link (Shortify): Expires At', 'shortify', { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { expiresAt: '={{ $json.when }}' } } }, 'Expires At', { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', expiresAt: '2026-12-01T09:00:00Z' } }],
	['Manage Deep Link (Shortify update): Expires At', 'shortify', { type: 'manageDeepLink', parameters: { provider: 'shortify', operation: 'update', shortifyLink: { mode: 'id', value: 'link_1' }, shortifyUpdateFields: { expiresAt: '={{ $json.when }}' } } }, 'Expires At', { method: 'PATCH', path: '/v1/deep-links/link_1', body: { expiresAt: '2026-12-01T09:00:00Z' } }],
	['Get Opens: Opened Since', 'push', { type: 'getOpens', parameters: { provider: 'kumulos', notificationId: '7', returnAll: true, filters: { openedSince: '={{ $json.when }}' } } }, 'Opened Since', { method: 'GET', path: '/notifications/7/install-opens' }],
];
const GOOD = '2026-12-01T09:00:00Z';

describe.each(DATE_FIELDS)('%s', (_title, log, node, label, sent) => {
	test.each([
		['a list', ['2026-12-01T09:00:00Z'], 'a list'],
		['an object', { date: '2026-12-01' }, 'an object'],
		['true', true, 'true'],
	])('%s is refused as no date', async (_name, when, shown) => {
		await expectRefused({ node, items: [{ when }, { when: GOOD }], credentials, log: logs[log], message: `Item 0: ${label} must be an ISO 8601 date-time, got ${shown}`, field: label, sent: [sent] });
	});

	test.each(['+25:00', '-14:30', '+14:01', '+1260', '+12:60', '-99'])('a UTC offset of %s is refused', async (offset) => {
		await expectRefused({
			node,
			items: [{ when: GOOD }, { when: `2026-12-01T09:00:00${offset}` }],
			credentials,
			log: logs[log],
			bad: 1,
			message: `Item 1: ${label} has the UTC offset ${offset}, beyond the -14:00 to +14:00 that exist`,
			field: label,
			sent: [sent],
		});
	});

	test("a date without an offset in a workflow whose time zone is not valid names the time zone, not the date", async () => {
		await expectRefused({
			node,
			items: [{ when: '2026-12-01T09:00:00' }, { when: GOOD }],
			credentials,
			log: logs[log],
			timezone: 'Mars/Olympus_Mons',
			message: `Item 0: ${label} has no UTC offset, and the workflow's time zone "Mars/Olympus_Mons" is not a valid time zone to read it in`,
			field: label,
			sent: [sent],
		});
	});
});

describe('Send At offsets that exist are read as given', () => {
	test.each([
		['+14:00', '2026-11-30 19:00'],
		['-12:00', '2026-12-01 21:00'],
		['+05:45', '2026-12-01 03:15'],
		['Z', '2026-12-01 09:00'],
	])('%s', async (offset, utc) => {
		const { error } = await runNode({ node: { type: 'sendPush', name: 'Node', parameters: push }, items: [{ when: `2026-12-01T09:00:00${offset}` }], credentials, timezone: 'Mars/Olympus_Mons' });
		// An offset makes the workflow's time zone irrelevant, even an invalid one.
		expect(error).toBeUndefined();
		expect(sent(logs.push)).toEqual([{ method: 'POST', path: '/notifications', body: pushBody(utc) }]);
	});
});
