import type { ProviderSpec } from '../types';
import { kumulosBulk } from './bulk';
import { kumulosChannels } from './channels';
import { kumulosLink } from './link';
import { kumulosManage } from './manage';
import { kumulosOpens } from './opens';
import { kumulosOpensTrigger } from './opensTrigger';
import { kumulosPush } from './push';
import { kumulosSpec } from './spec';

export const kumulos = {
	...kumulosSpec,
	link: kumulosLink,
	bulk: kumulosBulk,
	manage: kumulosManage,
	push: kumulosPush,
	channels: kumulosChannels,
	opens: kumulosOpens,
	opensTrigger: kumulosOpensTrigger,
} as const satisfies ProviderSpec;
