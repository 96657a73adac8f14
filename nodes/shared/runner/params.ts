import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemParams } from '../common/params';
import { parseJsonObject } from '../common/validation';
import type { LinkCapability } from '../providers/types';
import { runIdOf, stableKey } from './ledger';

/** "Map Automatically" reads each item's own fields; "Map Each Field Manually" the node's parameters. */
export const AUTO_MAPPING = 'autoMapInputData';
export const MANUAL_MAPPING = 'defineBelow';

/** Builds the parameters of one item. */
export type ItemParamsFactory = (itemIndex: number) => ItemParams;

const hasExpression = (value: unknown): boolean => {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
};

/**
 * The node's parameters. A parameter without an expression is read once per run: n8n would evaluate
 * nothing for it, but each read still costs a walk through the parameter machinery.
 */
export function nodeParams(context: IExecuteFunctions): ItemParamsFactory {
	const runId = runIdOf(context);
	const raw = context.getNode().parameters;
	const timezone = context.getTimezone();
	const fixed = new Map<string, boolean>();
	const cache = new Map<string, unknown>();
	const isFixed = (name: string): boolean => {
		const top = name.split('.')[0];
		let known = fixed.get(top);
		if (known === undefined) fixed.set(top, (known = !hasExpression(raw[top])));
		return known;
	};
	return (index) => ({
		index,
		timezone,
		get<T>(name: string, fallback?: T): T {
			if (!isFixed(name)) return context.getNodeParameter(name, index, fallback) as T;
			if (!cache.has(name)) cache.set(name, context.getNodeParameter(name, index, fallback));
			return cache.get(name) as T;
		},
		stableKey: (material) => stableKey(runId, index, material),
	});
}

/** Where an item field lands: a top-level parameter, or an option of a collection. */
interface Target {
	param: string;
	option?: string;
	type: INodeProperties['type'];
	label: string;
	/** An options field whose values are numbers (Branch's Type). */
	numeric?: boolean;
}

const numericOptions = (property: INodeProperties): boolean =>
	property.type === 'options' && (property.options ?? []).some((option) => 'value' in option && typeof option.value === 'number');

/** "Link Token", "link_token" and "linkToken" all read as "linktoken". */
export const columnKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The item fields a provider's link fields accept, by column key: names, API names and labels. */
export function linkColumns(link: LinkCapability): Map<string, Target> {
	const columns = new Map<string, Target>();
	const add = (names: Array<string | undefined>, target: Target) => {
		for (const name of names) if (name && !columns.has(columnKey(name))) columns.set(columnKey(name), target);
	};
	const api = link.apiNames ?? {};
	for (const property of link.fields) {
		if (property.type === 'notice') continue;
		if (property.type === 'collection' || property.type === 'fixedCollection') {
			for (const option of (property.options ?? []) as INodeProperties[]) {
				add([api[option.name], option.name, option.displayName], { param: property.name, option: option.name, type: option.type, label: option.displayName, numeric: numericOptions(option) });
			}
			continue;
		}
		add([api[property.name], property.name, property.displayName], { param: property.name, type: property.type, label: property.displayName });
	}
	return columns;
}

/** Sheet cells are text: "true"/"false" for booleans and decimal text for numbers are read as such. */
function coerce(value: unknown, target: Target): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (target.type === 'boolean' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
	if ((target.type === 'number' || target.numeric) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	if ((target.type === 'collection' || target.type === 'fixedCollection') && text) return parseJsonObject(text, target.label, target.label);
	return value;
}

/**
 * "Map Automatically": the item's own fields, by the provider's field names or labels (any case and
 * spacing). Fields the provider does not know are ignored; the node's other parameters (options,
 * provider) come from `node`.
 */
export function itemFieldParams(context: IExecuteFunctions, link: LinkCapability, node: ItemParamsFactory): ItemParamsFactory {
	const items = context.getInputData();
	const timezone = context.getTimezone();
	const columns = linkColumns(link);
	const linkParams = new Set([...columns.values()].map((target) => target.param));
	// Items of one run share their column names: each is matched once.
	const byName = new Map<string, Target | null>();
	const targetOf = (key: string): Target | null => {
		let target = byName.get(key);
		if (target === undefined) byName.set(key, (target = columns.get(columnKey(key)) ?? null));
		return target;
	};
	return (index) => {
		// The node's own parameters, made only when a non-link parameter is read.
		let base: ItemParams | undefined;
		const baseOf = () => (base ??= node(index));
		const mapped: Record<string, unknown> = {};
		const json = items[index]?.json ?? {};
		for (const key of Object.keys(json)) {
			const target = targetOf(key);
			if (!target) continue;
			const value = coerce(json[key], target);
			if (target.option) ((mapped[target.param] ??= {}) as Record<string, unknown>)[target.option] = value;
			else mapped[target.param] = value;
		}
		return {
			index,
			timezone,
			get<T>(name: string, fallback?: T): T {
				if (!linkParams.has(name)) return baseOf().get(name, fallback);
				return (name in mapped ? mapped[name] : fallback) as T;
			},
			stableKey: (material) => baseOf().stableKey(material),
		};
	};
}
