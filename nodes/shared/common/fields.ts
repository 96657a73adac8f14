import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Shows a property only for one provider. */
export const showFor = (provider: string, extra: IDataObject = {}): IDisplayOptions => ({ show: { provider: [provider], ...extra } });

/** n8n's usual Return All / Limit pair; `show` builds the display options, with extra conditions for Limit. */
export const returnAllAndLimit = (show: (extra?: IDataObject) => IDisplayOptions): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show(),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show({ returnAll: [false] }),
	},
];
