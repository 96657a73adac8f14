import type { IDataObject, IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Shows a property only for one provider. */
export const showFor = (provider: string, extra: IDataObject = {}): IDisplayOptions => ({ show: { provider: [provider], ...extra } });

/** The Operation dropdown of one provider, n8n's usual shape (options sorted by name, as n8n's lint wants). */
export const operationFor = (provider: string, defaultValue: string, options: INodePropertyOptions[]): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: showFor(provider),
	default: defaultValue,
	options,
});

/**
 * A collection option kept for workflows saved with it: shown only where it is set, so that n8n keeps its
 * value (n8n drops the values of options it does not show) and the node still reads it, while new
 * workflows never see it among the fields to add.
 */
export const shownWhereSet = (option: INodeProperties): INodeProperties => ({
	...option,
	displayOptions: { show: { [option.name]: [{ _cnd: { exists: true } }] } },
});

/** Options sorted by their label, as n8n lists a collection's fields (for lists assembled from shared parts). */
export const byDisplayName = (options: INodeProperties[]): INodeProperties[] =>
	[...options].sort((a, b) => a.displayName.localeCompare(b.displayName));

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
