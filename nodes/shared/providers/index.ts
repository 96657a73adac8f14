import type { IDataObject } from 'n8n-workflow';

import { adjustLinkProvider } from './adjust/link';
import { branchLinkProvider } from './branch/link';
import { kumulosLinkProvider } from './kumulos/link';
import type { LinkProvider } from './links';
import type { ProviderId } from './registry';
import { shortifyLinkProvider } from './shortify/link';

export const LINK_PROVIDERS: Record<ProviderId, LinkProvider<IDataObject>> = {
	adjust: adjustLinkProvider,
	branch: branchLinkProvider,
	kumulos: kumulosLinkProvider,
	shortify: shortifyLinkProvider as LinkProvider<IDataObject>,
};

export * from './links';
export * from './registry';
