// Polls a trigger node the way an active workflow in n8n does: n8n-core's own PollTriggerExecutor runs the
// node's poll() in n8n-core's PollContext; what it emits starts a WorkflowExecute run from the trigger in
// 'trigger' mode (n8n's WorkflowRunner does the same), and "Fetch Test Event" is a WorkflowExecute run in
// 'manual' mode. The node's static data persists across polls in one of two ways:
// - 'staged' (n8n 2.40 with durable poll cursors): each poll gets a copy; it is kept when the poll emits or
//   ends without items, and dropped when the poll throws;
// - 'live' (n8n 2.8, and 2.40 by default): the workflow's own static data, kept in memory whatever happens.
// n8n-core's own copy of the container: its services are registered there.
const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }));
const { ExecutionLifecycleHooks, PollContext, PollTriggerExecutor, WorkflowExecute } = require('n8n-core');
const { Workflow, createRunExecutionData } = require('n8n-workflow');
const { additionalData, CredentialsHelper, loadPackage, nodeCredentials, NodeTypes, PACKAGE } = require('./engine');

const clone = (value) => JSON.parse(JSON.stringify(value ?? {}));

/**
 * `node`: { type, parameters, name? }. `cursor`: 'staged' or 'live'. `budgetMs`: what getPollBudgetMs
 * answers; null removes the method, as in n8n 2.8. `downstream`: { nodes, connections } after the trigger.
 */
async function createPoller({ node, credentials, cursor = 'staged', budgetMs = null, downstream = {}, timezone = 'UTC' }) {
	const loader = await loadPackage();
	const nodeTypes = new NodeTypes(loader);
	const trigger = {
		id: 'trigger-under-test',
		name: node.name ?? 'Trigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: nodeCredentials(credentials),
		...node,
		type: `${PACKAGE}.${node.type}`,
	};
	const workflowData = {
		id: 'poll-workflow',
		name: 'poll test',
		nodes: [trigger, ...(downstream.nodes ?? [])],
		connections: downstream.connections ?? {},
		settings: { timezone, executionOrder: 'v1' },
	};
	const newWorkflow = (staticData) =>
		new Workflow({ ...workflowData, active: true, nodeTypes, staticData, settings: workflowData.settings });
	// 'live': one workflow object for the whole activation, as n8n keeps it.
	const workflow = newWorkflow({});
	let persisted = {};
	const stored = () => (cursor === 'live' ? clone(workflow.getStaticData('node', trigger)) : clone(persisted));
	const credentialsHelper = new CredentialsHelper(loader, credentials);

	/** One WorkflowExecute run; `start` is the trigger's stack entry. */
	async function execute(runWorkflow, mode, stackData) {
		const hooks = new ExecutionLifecycleHooks(mode, 'poll-execution', workflowData);
		let resolveRun;
		const finished = new Promise((resolve) => (resolveRun = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
		const runData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: trigger, data: stackData, source: null }] },
		});
		try {
			await new WorkflowExecute(additionalData(credentialsHelper, hooks), mode, runData).processRunExecutionData(runWorkflow);
		} catch (error) {
			// n8n refuses a workflow with parameter issues before any node runs.
			return { error, output: () => [] };
		}
		const run = await finished;
		const result = run.data.resultData;
		return {
			run,
			error: result.error,
			output: (name = trigger.name) => result.runData[name]?.[0]?.data?.main?.[0] ?? [],
		};
	}

	const executions = [];
	const errors = [];
	const logs = [];

	/**
	 * One scheduled poll. Returns { items, executions, error, logs }: the trigger's items (empty when it
	 * emitted none), the runs they started, the error the poll reported, and what the node logged.
	 */
	async function poll({ testingTrigger = false } = {}) {
		let staged;
		const emitted = [];
		const reported = [];
		const pending = [];
		const pollLogs = [];
		const context = new PollContext(
			workflow,
			trigger,
			additionalData(credentialsHelper, new ExecutionLifecycleHooks('trigger', 'poll', workflowData)),
			'trigger',
			'trigger',
			(data) => {
				if (cursor === 'staged') persisted = clone(staged);
				emitted.push(data);
				pending.push(execute(workflow, 'trigger', { main: data }));
			},
			(error) => reported.push(error),
			async () => {
				if (cursor === 'staged') persisted = clone(staged);
			},
			async (run) => {
				staged = clone(persisted);
				return await run();
			},
			cursor === 'staged' ? () => staged : undefined,
			budgetMs === null ? undefined : () => budgetMs,
		);
		if (budgetMs === null) delete context.getPollBudgetMs;
		const logger = {};
		for (const level of ['error', 'warn', 'info', 'debug']) logger[level] = (message, meta) => pollLogs.push({ level, message, meta });
		Object.defineProperty(context, 'logger', { value: logger });
		const executor = Container.get(PollTriggerExecutor).create(workflow, trigger, context, () => true);
		let thrown;
		try {
			await executor(testingTrigger);
		} catch (error) {
			thrown = error;
		}
		const runs = await Promise.all(pending);
		executions.push(...runs);
		errors.push(...reported);
		logs.push(...pollLogs);
		return {
			items: emitted.flatMap((data) => data[0] ?? []).map((item) => item.json),
			runs,
			error: thrown ?? reported[0],
			logs: pollLogs,
		};
	}

	/** "Fetch Test Event": a manual run of the trigger, on a copy of what is stored. */
	async function manual() {
		const before = stored();
		const copy = newWorkflow({ [`node:${trigger.name}`]: clone(before) });
		const result = await execute(copy, 'manual', { main: [[{ json: {} }]] });
		return { items: result.output().map((item) => item.json), error: result.error, stateAfter: clone(copy.getStaticData('node', trigger)) };
	}

	return { poll, manual, state: stored, executions, errors, logs, trigger };
}

/** A repeatable sequence of numbers in [0, 1) from `seed` (a linear congruential generator): random arrivals that are the same on every run. */
function seededRandom(seed) {
	let state = seed;
	return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

module.exports = { createPoller, seededRandom };
