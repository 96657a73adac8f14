import type { ProviderSpec } from '../types';
import { branchBulk } from './bulk';
import { branchLink } from './link';
import { branchManage } from './manage';
import { branchSpec } from './spec';

export const branch = { ...branchSpec, link: branchLink, bulk: branchBulk, manage: branchManage } as const satisfies ProviderSpec;
