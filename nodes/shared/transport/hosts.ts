import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Why a Base URL may not receive a credential, or undefined when it may: https, or http on a loopback
 * host for local testing; no user info (`http://localhost@evil.example`), no other scheme.
 */
export function baseUrlProblem(raw: unknown): string | undefined {
	const value = typeof raw === 'string' ? raw.trim() : '';
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'it is not a URL';
	}
	if (url.username || url.password) return 'it contains a user name or password';
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:') return LOOPBACK.test(url.hostname) ? undefined : 'plain http:// is only accepted for localhost, 127.x.x.x or [::1]';
	return `the ${url.protocol.replace(/:$/, '')}: scheme is not allowed`;
}

export const BASE_URL_RULE =
	'Use an https:// URL, such as the default. Plain http:// is accepted only for localhost, 127.x.x.x or [::1], for local testing.';

/** The credential's Base URL without trailing slashes, refused unless it passes `baseUrlProblem`. */
export function checkBaseUrl(node: INode, providerName: string, raw: unknown, itemIndex?: number): string {
	const value = typeof raw === 'string' ? raw.trim() : '';
	const problem = baseUrlProblem(value);
	if (problem) {
		throw new NodeOperationError(node, `The ${providerName} credential's Base URL is not allowed: ${problem}`, {
			description: BASE_URL_RULE,
			itemIndex,
		});
	}
	return value.replace(/\/+$/, '');
}

function parseUrl(value: string, base?: string): URL | undefined {
	try {
		return new URL(value, base);
	} catch {
		return undefined;
	}
}

const originOf = (value: string): string | undefined => parseUrl(value)?.origin;

/**
 * Guards a request that a credential is about to sign: its URL must lie below one of the credential's
 * own Base URLs, and that Base URL must pass the Base URL rule. Credentials call it from `authenticate`,
 * which every signed request passes through (the Test button's included), so no code path can skip it.
 */
export function assertSignedRequestTarget(credentialName: string, baseUrls: unknown[], request: { url?: string; baseURL?: string }): void {
	// Joined as n8n joins them (text, not URL resolution, which would drop a Base URL's path such as /adjust).
	const url = request.url ?? '';
	const joined = request.baseURL && !/^[a-z][a-z0-9+.-]*:/i.test(url) ? `${request.baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : url;
	const target = parseUrl(joined);
	const problems = baseUrls.filter((raw) => typeof raw === 'string' && raw.trim()).map(baseUrlProblem).filter(Boolean);
	if (!target) {
		// A Base URL that is not allowed is the likelier cause (the Test button joins it to the path untrimmed).
		if (problems.length) throw new Error(`The ${credentialName} credential's Base URL is not allowed: ${problems[0]}. ${BASE_URL_RULE}`);
		throw new Error(`${credentialName}: the request URL is not valid, so the credential was not sent`);
	}
	for (const raw of baseUrls) {
		const base = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
		if (!base) continue;
		const below = target.href === base || target.href.startsWith(`${base}/`) || target.href.startsWith(`${base}?`);
		if (!below || originOf(base) !== target.origin) continue;
		const problem = baseUrlProblem(base);
		if (problem) throw new Error(`The ${credentialName} credential's Base URL is not allowed: ${problem}. ${BASE_URL_RULE}`);
		return;
	}
	if (problems.length) throw new Error(`The ${credentialName} credential's Base URL is not allowed: ${problems[0]}. ${BASE_URL_RULE}`);
	throw new Error(`${credentialName}: the credential is only sent to its own Base URL, not to ${target.origin}`);
}
