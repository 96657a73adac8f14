// The two trigger examples: with their pinned data (as the demo and the editor run them), twice, and
// activated: the real trigger polling the sandbox and its items running the example's other nodes.
const fs = require('node:fs');
const path = require('node:path');
const { seedDemoData } = require('../../sandbox/demo-data');
const { runWorkflow, sendAuthenticated } = require('../helpers/engine');
const { createPoller } = require('../helpers/poll');
const { useSandbox } = require('../helpers/sandbox');

const load = (file) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples', file), 'utf8'));

const local = useSandbox();
beforeEach(() => seedDemoData(local.url, local.credentials));

/**
 * The example's trigger as a poller, with the example's other nodes after it. Static data 'live', as n8n
 * keeps it by default: the activation poll (testingTrigger) commits no staged cursor.
 */
function activate(workflow, options = {}) {
	const [trigger, ...rest] = workflow.nodes;
	return createPoller({
		node: { ...trigger, type: trigger.type.split('.').pop() },
		credentials: local.credentials,
		downstream: { nodes: rest, connections: workflow.connections },
		cursor: 'live',
		...options,
	});
}

describe('push-opened-follow-up.json', () => {
	const workflow = load('push-opened-follow-up.json');

	test('with its pinned data, twice: one contact per user, one follow-up per user, the same collapse ID each time', async () => {
		for (let run = 1; run <= 2; run++) {
			const { error, output } = await runWorkflow(workflow, { credentials: local.credentials });
			expect(error).toBeUndefined();
			expect(output('Add to CRM').map((item) => item.json.crmContactId)).toEqual(['crm-user-1', 'crm-user-3']);
			expect(output('Send Follow-up Push').map((item) => item.json.id)).toHaveLength(2);
		}
		const { notifications } = local.sandbox.push();
		expect(notifications).toHaveLength(4);
		expect(notifications.map((notification) => notification.filters.userIds)).toEqual([['user-1'], ['user-3'], ['user-1'], ['user-3']]);
		const requests = local.sandbox.requests({ provider: 'kumulos', limit: 10 }).filter((request) => request.method === 'POST');
		expect(new Set(requests.map((request) => request.body.collapseId))).toEqual(new Set(['follow-up-1']));
	});

	test('activated: polls the sandbox, and each new user open runs the CRM step and one follow-up push', async () => {
		const { kumulosApi } = local.credentials;
		const { body: sent } = await sendAuthenticated('kumulosApi', kumulosApi, { method: 'POST', url: `${kumulosApi.pushBaseUrl}/notifications`, body: { title: 'Campaign', message: 'Spring sale', userIds: ['nobody'] } });
		expect(sent.id).toBe(1);
		local.sandbox.addOpens({ notificationId: 1, userIds: ['user-9'], openedAt: '2025-06-01 11:00:00' });
		const trigger = await activate(workflow);
		expect((await trigger.poll({ testingTrigger: true })).items).toEqual([]);

		local.sandbox.addOpens({ notificationId: 1, opens: [{ userId: 'user-1', openedAt: '2025-06-01 12:00:01' }, { userId: 'user-2', openedAt: '2025-06-01 12:00:02' }] });
		const { items, runs } = await trigger.poll();
		expect(items.map((item) => item.userId)).toEqual(['user-1', 'user-2']);
		expect(runs).toHaveLength(1);
		expect(runs[0].error).toBeUndefined();
		expect(runs[0].output('Send Follow-up Push').map((item) => item.json.filters.userIds)).toEqual([['user-1'], ['user-2']]);

		expect((await trigger.poll()).runs).toEqual([]);
		expect(local.sandbox.push().notifications).toHaveLength(1 + 2);
	});
});

describe('deep-link-created-to-chat.json', () => {
	const workflow = load('deep-link-created-to-chat.json');

	test('with its pinned data, twice: the same message key, and the link tagged announced once', async () => {
		for (let run = 1; run <= 2; run++) {
			const { error, output } = await runWorkflow(workflow, { credentials: local.credentials });
			expect(error).toBeUndefined();
			expect(output('Post to Chat')[0].json).toMatchObject({ channel: '#marketing', idempotencyKey: 'deep-link-link_01JXAMPLE0000000000000001', linkUrl: 'https://go.sandbox.test/seed-1' });
			expect(output('Tag as Announced')[0].json).toMatchObject({ key: 'seed-1', tags: ['announced'] });
		}
		expect(local.sandbox.links('shortify').find((link) => link.key === 'seed-1').tags).toEqual(['announced']);
	});

	test('activated: a link created after activation is posted and tagged; tagging it does not make it new again', async () => {
		const trigger = await activate(workflow);
		expect((await trigger.poll({ testingTrigger: true })).items).toEqual([]);
		const { shortifyApi } = local.credentials;
		const { body: created } = await sendAuthenticated('shortifyApi', shortifyApi, {
			method: 'POST',
			url: `${shortifyApi.baseUrl}/v1/deep-links`,
			body: { deepLinkAppId: 'app_sandbox', key: 'spring-sale', title: 'Spring sale', url: 'https://shop.example.com/spring', tags: ['campaign'] },
		});
		const { items, runs } = await trigger.poll();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ id: created.data.id, url: 'https://go.sandbox.test/spring-sale', destinationUrl: 'https://shop.example.com/spring' });
		expect(runs[0].error).toBeUndefined();
		expect(runs[0].output('Post to Chat')[0].json.text).toBe('New deep link: Spring sale https://go.sandbox.test/spring-sale -> https://shop.example.com/spring');
		expect(runs[0].output('Tag as Announced')[0].json.tags).toEqual(['campaign', 'announced']);
		expect((await trigger.poll()).items).toEqual([]);
	});
});
