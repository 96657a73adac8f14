import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import type { ItemParams } from '../common/params';
import type { ProviderRequest, RetryPolicy, TransportContext, TransportSpec } from '../transport';

/** What a node's Options collection can change about every request it sends. */
export interface RequestOptions {
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
}

/** Creates one deep link per item (Create Deep Link), and reads items for Bulk Create. */
export interface LinkCapability<Payload extends IDataObject = IDataObject> {
	/** UI parameters, shown only when this provider is selected. */
	fields: INodeProperties[];
	/**
	 * For "Map Automatically": the API field name an item may use for a parameter or collection option
	 * (`adjustLinkId` → `link_token`). Options whose name is the API name need no entry.
	 */
	apiNames?: Record<string, string>;
	/** Reads and validates one item into the request payload. Throws FieldError. */
	read(item: ItemParams): Payload;
	/** Sends one create and returns the output item's JSON. */
	create(context: IExecuteFunctions, payload: Payload, itemIndex: number, options: RequestOptions): Promise<IDataObject>;
}

/** One valid input item on its way to the provider. */
export interface BulkEntry {
	itemIndex: number;
	payload: IDataObject;
}

/** What Bulk Create's options change about every request it sends. */
export type BulkSendOptions = Pick<ProviderRequest, 'retry' | 'rateLimits' | 'credentialsOnce' | 'timeoutMs' | 'onHold'>;

/** How one provider creates many links. */
export interface BulkCapability {
	/** Most links one request may carry (1: no bulk endpoint, one request per link). */
	maxBatch: number;
	/** Most bytes of serialized request body (Branch). */
	maxBytes?: number;
	/** The throttle bucket the rate-limit options override. */
	bucket: string;
	/** Sends one batch; one output JSON per entry, in order, each with `success`. A failed request throws. */
	send(context: IExecuteFunctions, entries: BulkEntry[], options: BulkSendOptions): Promise<IDataObject[]>;
}

/**
 * One Manage Deep Link operation. `prepare` reads and validates an item without sending anything, so
 * every item is checked before the first request; `execute` sends and returns the output items' JSON
 * (one for most operations, many for List).
 */
export interface ManageOperation<Payload = unknown> {
	/** Whether the operation changes something at the provider. */
	writes: boolean;
	prepare(item: ItemParams, context: IExecuteFunctions): Promise<Payload> | Payload;
	execute(context: IExecuteFunctions, payload: Payload, itemIndex: number, options: RequestOptions): Promise<IDataObject[]>;
}

export type ListSearchMethod = (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>;

export interface ManageCapability {
	/** The Operation dropdown and each operation's fields. */
	properties: INodeProperties[];
	operations: Record<string, ManageOperation>;
	/** Set when the provider has no management endpoints: why, shown as a notice and as the error. */
	unsupported?: string;
	listSearch?: Record<string, ListSearchMethod>;
}

/** One item's push: the request body, and whether it goes to every device (normalised across providers). */
export interface PushJob<Payload extends IDataObject = IDataObject> {
	payload: Payload;
	broadcast: boolean;
}

export interface PushCapability {
	fields: INodeProperties[];
	read(item: ItemParams): PushJob;
	/** Sends one notification, never repeated blindly; returns the output JSON with the notification id. */
	send(context: IExecuteFunctions, payload: IDataObject, itemIndex: number, options: RequestOptions): Promise<IDataObject>;
}

export interface ChannelJob {
	operation: string;
	[key: string]: unknown;
}

export interface ChannelCapability {
	fields: INodeProperties[];
	read(item: ItemParams): ChannelJob;
	writes(job: ChannelJob): boolean;
	run(context: IExecuteFunctions, job: ChannelJob, itemIndex: number, options: RequestOptions): Promise<IDataObject>;
}

export interface OpensJob {
	notificationId: number;
	kind: 'install' | 'user';
	/** Most opens to return; undefined returns all. */
	limit?: number;
	/** Only opens at or after this time (epoch ms). */
	sinceMs?: number;
	/** One item per notification (count and list) instead of one per open. */
	aggregate: boolean;
}

export interface OpensCapability {
	fields: INodeProperties[];
	read(item: ItemParams): OpensJob;
	/** The open records, filtered by `sinceMs` and cut to `limit`. */
	fetch(context: IExecuteFunctions, job: OpensJob, itemIndex: number, options: RequestOptions): Promise<IDataObject[]>;
}

/** A trigger's parameter, read once per poll (a poll has no items): the value, or the fallback. */
export type NodeParamReader = <T>(name: string, fallback?: T) => T;

/**
 * One event a polling trigger may emit: its identity, its time and the provider's record. `at` is ISO 8601
 * in UTC with milliseconds (`2025-06-01T12:00:00.000Z`), so that times compare as text.
 */
export interface PolledEvent {
	id: string;
	at: string;
	record: IDataObject;
}

export interface OpensTriggerJob {
	notificationIds: number[];
	kind: 'install' | 'user';
}

/** Push Opened Trigger: who opened which notification, read as each notification's whole list of opens. */
export interface OpensTriggerCapability {
	fields: INodeProperties[];
	/** Reads and validates the trigger's parameters. Throws FieldError. */
	read(get: NodeParamReader): OpensTriggerJob;
	/**
	 * Every open of one notification (the endpoint has no paging). `unreadable` holds the records whose
	 * time could not be read: they cannot be placed against a high-water mark.
	 */
	fetch(
		context: TransportContext,
		notificationId: number,
		kind: OpensTriggerJob['kind'],
		options: RequestOptions,
	): Promise<{ events: PolledEvent[]; unreadable: IDataObject[] }>;
	/** The output JSON of one open. */
	output(notificationId: number, kind: OpensTriggerJob['kind'], event: PolledEvent): IDataObject;
}

/** Deep Link Created Trigger: links listed newest first, page by page with a cursor. */
export interface LinksTriggerCapability {
	fields: INodeProperties[];
	/** Reads and validates the list filters. Throws FieldError. */
	read(get: NodeParamReader): IDataObject;
	/** The largest page the provider serves. */
	maxPage: number;
	/**
	 * One page of links, newest first (by creation time, then a stable tie order). `nextCursor` continues
	 * strictly below the page's last link; undefined, null or '' after the last page. Links whose creation
	 * time cannot be read are in `unreadable`, not in `events`.
	 */
	page(
		context: TransportContext,
		filters: IDataObject,
		cursor: string | undefined,
		limit: number,
		options: RequestOptions,
	): Promise<{ events: PolledEvent[]; unreadable: IDataObject[]; nextCursor?: string | null }>;
	/** The output JSON of one link. */
	output(event: PolledEvent): IDataObject;
}

/** A provider: its transport facts, and the capabilities it offers. */
export interface ProviderSpec extends TransportSpec {
	link?: LinkCapability;
	bulk?: BulkCapability;
	manage?: ManageCapability;
	push?: PushCapability;
	channels?: ChannelCapability;
	opens?: OpensCapability;
	opensTrigger?: OpensTriggerCapability;
	linksTrigger?: LinksTriggerCapability;
}

export type Capability = 'link' | 'bulk' | 'manage' | 'push' | 'channels' | 'opens' | 'opensTrigger' | 'linksTrigger';
