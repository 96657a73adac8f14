import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Capability, LinkCapability, ProviderWith, RequestOptions } from '../providers';
import { providerWith } from '../providers';
import type { ItemParamsFactory } from '../runner';
import { AUTO_MAPPING, itemFieldParams, MANUAL_MAPPING, nodeParams } from '../runner';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../transport';

/** The node's provider, which must offer `capability`; the Provider parameter takes no expression. */
export function nodeProvider<C extends Capability>(context: IExecuteFunctions, capability: C): ProviderWith<C> {
	const id = context.getNodeParameter('provider', 0);
	const spec = providerWith(capability, id);
	if (!spec) {
		throw new NodeOperationError(context.getNode(), `This node does not support the provider "${String(id)}"`, {
			description: 'Choose one of the providers in the Provider list.',
		});
	}
	return spec;
}

/** Max Retries and Timeout from the node's Options; the same for every item. */
export function requestOptionsOf(context: IExecuteFunctions): RequestOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const maxRetries = typeof options.maxRetries === 'number' ? options.maxRetries : DEFAULT_MAX_RETRIES;
	const seconds = typeof options.timeoutSeconds === 'number' && options.timeoutSeconds > 0 ? options.timeoutSeconds : DEFAULT_TIMEOUT_MS / 1000;
	return { retry: { maxRetries }, timeoutMs: Math.round(seconds * 1000) };
}

/** Whether this run is an AI agent's tool call: n8n gives the tool variant a type ending in "Tool". */
export const isToolCall = (context: IExecuteFunctions): boolean => context.getNode().type.endsWith('Tool');

export interface OutputShape {
	/** Keep the provider's whole answer under `response`. */
	fullResponse: boolean;
	/** Start each output item with the input item's fields. */
	inputFields: boolean;
}

/** Include Full Response and Include Input Fields from the Options; a tool call gets the compact form. */
export function outputShapeOf(context: IExecuteFunctions, fullResponseByDefault: boolean): OutputShape {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	if (isToolCall(context)) return { fullResponse: false, inputFields: false };
	return {
		fullResponse: typeof options.includeFullResponse === 'boolean' ? options.includeFullResponse : fullResponseByDefault,
		inputFields: options.includeInputFields === true,
	};
}

/** One output JSON in the chosen shape. Cheap: one spread per item at most. */
export function shapeOutput(json: IDataObject, input: IDataObject | undefined, shape: OutputShape): IDataObject {
	let out = json;
	if (!shape.fullResponse && out.response !== undefined) {
		// A copy without it, not `delete`: a deleted key leaves the object in V8's slow dictionary mode.
		const rest: IDataObject = {};
		for (const key in out) if (key !== 'response') rest[key] = out[key];
		out = rest;
	}
	if (!shape.inputFields || !input) return out;
	const merged = { ...input, ...out };
	// An input column named "error" must not make a created link look failed (n8n retries on `json.error`).
	if (out.error === undefined) delete merged.error;
	return merged;
}

export function linkParams(context: IExecuteFunctions, link: LinkCapability): ItemParamsFactory {
	const node = nodeParams(context);
	return context.getNodeParameter('mappingMode', 0, MANUAL_MAPPING) === AUTO_MAPPING ? itemFieldParams(context, link, node) : node;
}
