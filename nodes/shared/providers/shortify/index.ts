import type { ProviderSpec } from '../types';
import { shortifyBulk } from './bulk';
import { shortifyLink } from './link';
import { shortifyLinksTrigger } from './linksTrigger';
import { shortifyManage } from './manage';
import { shortifySpec } from './spec';

export const shortify = {
	...shortifySpec,
	link: shortifyLink,
	bulk: shortifyBulk,
	manage: shortifyManage,
	linksTrigger: shortifyLinksTrigger,
} as const satisfies ProviderSpec;
