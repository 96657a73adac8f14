import type { ManageCapability } from '../types';

/** Kumulos documents only link creation: no read, update, delete or list endpoint exists to call. */
const KUMULOS_NO_MANAGEMENT =
	'Kumulos offers no endpoints to read, update, delete or list deep links: its API only creates them. Manage Kumulos links in the Kumulos dashboard.';

export const kumulosManage: ManageCapability = {
	unsupported: KUMULOS_NO_MANAGEMENT,
	operations: {},
	properties: [
		{
			displayName: KUMULOS_NO_MANAGEMENT,
			name: 'kumulosNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { provider: ['kumulos'] } },
		},
	],
};
