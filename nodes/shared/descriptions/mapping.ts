import type { INodeProperties } from 'n8n-workflow';

import { providersWith } from '../providers';
import { AUTO_MAPPING, MANUAL_MAPPING } from '../runner';

const modeOptions = [
	{
		name: 'Map Automatically',
		value: AUTO_MAPPING,
		description: "Take each item's own fields by name: the provider's field names or their labels, in any case",
	},
	{ name: 'Map Each Field Manually', value: MANUAL_MAPPING, description: 'Set each field below, with expressions where needed' },
];

/** "Mapping Mode", as n8n's resource-mapper nodes have it; `defaults` gives the default per node version. */
export function mappingModeProperties(defaults: Array<{ versions: number[]; value: string }>): INodeProperties[] {
	return defaults.map(({ versions, value }) => ({
		displayName: 'Mapping Mode',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: modeOptions,
		default: value,
		description: 'Where each link\'s fields come from',
		displayOptions: { show: { '@version': versions } },
	}));
}

/** The provider's fields, shown only under "Map Each Field Manually". */
export const manualFields = (fields: INodeProperties[]): INodeProperties[] =>
	fields.map((field) => ({
		...field,
		displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, mappingMode: [MANUAL_MAPPING] } },
	}));

/** Under "Map Automatically": which item fields each provider takes, generated from its field list. */
export const autoMappingNotices = (): INodeProperties[] =>
	providersWith('link').map((spec) => {
		const api = spec.link.apiNames ?? {};
		const fields = spec.link.fields
			.filter((field) => field.type !== 'notice')
			.flatMap((field) => (field.type === 'collection' ? (field.options as INodeProperties[]) : [field]));
		const name = (field: INodeProperties) => api[field.name] ?? field.name;
		const objects = fields.filter((field) => field.type === 'json' || field.type === 'collection').map(name);
		return {
			displayName: `Each item becomes one link, its fields taken by name (or by label, in any case): ${[...new Set(fields.map(name))].join(', ')}.${objects.length ? ` ${[...new Set(objects)].join(', ')}: an object or JSON text.` : ''} Other fields are ignored.`,
			name: `${spec.id}AutoMappingNotice`,
			type: 'notice' as const,
			default: '',
			displayOptions: { show: { provider: [spec.id], mappingMode: [AUTO_MAPPING] } },
		};
	});
