import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runItems } from '../runner';
import { linkParams, nodeProvider, outputShapeOf, requestOptionsOf, shapeOutput } from './common';

/** Create Deep Link: one link per item, through the shared item runner. */
export async function createLinks(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const spec = nodeProvider(context, 'link');
	const options = requestOptionsOf(context);
	const shape = outputShapeOf(context, true);
	const items = context.getInputData();
	return await runItems<IDataObject>(
		context,
		{
			read: (item) => spec.link.read(item),
			execute: (payload, itemIndex) => spec.link.create(context, payload, itemIndex, options),
			shape: (itemIndex, json) => shapeOutput(json, items[itemIndex]?.json, shape),
			errorFields: { provider: spec.id },
			noun: { one: 'link', many: 'links', done: 'created' },
		},
		linkParams(context, spec.link),
	);
}
