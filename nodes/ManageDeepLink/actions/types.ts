import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestOptions } from '../../shared/providers/links';

/**
 * One provider operation. `prepare` reads and validates an item without sending anything (throws
 * FieldError), so every item is checked before the first request; `execute` sends and returns the
 * output items' JSON (one for most operations, many for List).
 */
export interface ManageOperation<Payload = IDataObject> {
	prepare(context: IExecuteFunctions, itemIndex: number): Promise<Payload> | Payload;
	execute(context: IExecuteFunctions, payload: Payload, itemIndex: number, options: RequestOptions): Promise<IDataObject[]>;
}

/** Lets a resource map hold operations with different payload types. */
export const operation = <Payload>(op: ManageOperation<Payload>): ManageOperation<unknown> => op as ManageOperation<unknown>;
