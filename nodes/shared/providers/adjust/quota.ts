import type { IDataObject } from 'n8n-workflow';

import { getHeader } from '../../transport';

/** Adjust's short-link quota and contract state, read from its X-ShortLink-Quota-* and X-Contract-* headers. */
export interface AdjustQuota {
	limit?: number;
	remaining?: number;
	contractStatus?: string;
	contractStartDate?: string;
	contractEndDate?: string;
	/** False when Adjust will answer with long links: quota spent or contract inactive. */
	shortLinksAvailable: boolean;
}

const toInt = (value: string | undefined): number | undefined => {
	if (value === undefined || !/^-?\d+$/.test(value.trim())) return undefined;
	return Number(value.trim());
};

export function parseAdjustQuota(headers: IDataObject | undefined): AdjustQuota | undefined {
	const limit = toInt(getHeader(headers, 'x-shortlink-quota-limit'));
	const remaining = toInt(getHeader(headers, 'x-shortlink-quota-remaining'));
	const contractStatus = getHeader(headers, 'x-contract-status')?.trim().toLowerCase();
	const contractStartDate = getHeader(headers, 'x-contract-start-date')?.trim();
	const contractEndDate = getHeader(headers, 'x-contract-end-date')?.trim();
	if (
		limit === undefined &&
		remaining === undefined &&
		contractStatus === undefined &&
		contractStartDate === undefined &&
		contractEndDate === undefined
	) {
		return undefined;
	}
	const quota: AdjustQuota = {
		shortLinksAvailable: !(remaining !== undefined && remaining <= 0) && contractStatus !== 'inactive',
	};
	if (limit !== undefined) quota.limit = limit;
	if (remaining !== undefined) quota.remaining = remaining;
	if (contractStatus !== undefined) quota.contractStatus = contractStatus;
	if (contractStartDate) quota.contractStartDate = contractStartDate;
	if (contractEndDate) quota.contractEndDate = contractEndDate;
	return quota;
}

/** Why Adjust will not shorten links right now, or undefined when it will. */
export function quotaExhaustionReason(quota: AdjustQuota | undefined): string | undefined {
	if (!quota || quota.shortLinksAvailable) return undefined;
	if (quota.contractStatus === 'inactive') {
		return `the Adjust contract is inactive${quota.contractEndDate ? ` (end date ${quota.contractEndDate})` : ''}`;
	}
	return `the Adjust short-link quota is spent (0 of ${quota.limit ?? '?'} remaining)`;
}
