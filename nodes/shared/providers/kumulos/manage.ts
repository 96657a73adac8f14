import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Kumulos documents only link creation: no read, update, delete or list endpoint exists to call. */
export const KUMULOS_NO_MANAGEMENT =
	'Kumulos offers no endpoints to read, update, delete or list deep links: its API only creates them. Manage Kumulos links in the Kumulos dashboard.';

export const kumulosManageNotice: INodeProperties = {
	displayName: KUMULOS_NO_MANAGEMENT,
	name: 'kumulosNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { provider: ['kumulos'] } },
};

export const kumulosManageError = (node: INode, itemIndex: number): NodeOperationError =>
	new NodeOperationError(node, 'Kumulos has no deep link management endpoints', {
		itemIndex,
		description: `${KUMULOS_NO_MANAGEMENT} Choose another provider, or use Create Deep Link for Kumulos.`,
	});
