import type { ProviderSpec } from '../types';
import { adjustBulk } from './bulk';
import { adjustLink } from './link';
import { adjustManage } from './manage';
import { adjustSpec } from './spec';

export const adjust = { ...adjustSpec, link: adjustLink, bulk: adjustBulk, manage: adjustManage } as const satisfies ProviderSpec;
