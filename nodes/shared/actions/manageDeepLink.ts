import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ManageOperation } from '../providers';
import { runItems } from '../runner';
import { nodeProvider, requestOptionsOf } from './common';

/** Manage Deep Link: the provider's operation for every item, through the shared item runner. */
export async function manageDeepLink(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const spec = nodeProvider(context, 'manage');
	const node = context.getNode();
	const { unsupported } = spec.manage;
	const operation = unsupported ? '' : (context.getNodeParameter('operation', 0) as string);
	const op: ManageOperation | undefined = spec.manage.operations[operation];
	const refuse = (itemIndex: number) =>
		unsupported
			? new NodeOperationError(node, `${spec.name} has no deep link management endpoints`, {
					itemIndex,
					description: `${unsupported} Choose another provider, or use Create Deep Link for ${spec.name}.`,
				})
			: new NodeOperationError(node, `${spec.name} has no operation "${operation}"`, { itemIndex });
	const options = requestOptionsOf(context);
	return await runItems<unknown>(context, {
		read(item) {
			if (!op) throw refuse(item.index);
			return op.prepare(item, context);
		},
		writes: () => op?.writes ?? false,
		execute: async (payload, itemIndex) => await (op as ManageOperation).execute(context, payload, itemIndex, options),
		errorFields: { provider: spec.id },
		noun: op?.writes ? { one: 'link', many: 'links', done: 'changed' } : { one: 'read', many: 'reads', done: 'made' },
	});
}
