/** A sliding-window limit: at most `limit` requests per `intervalMs`. */
export interface RateLimit {
	limit: number;
	intervalMs: number;
}

/** A provider's error, reduced to what a user needs: the message, its code, and the field it names. */
export interface ProviderErrorDetail {
	message: string;
	code?: string;
	field?: string;
	requestId?: string;
}

/**
 * What the transport needs to know about a provider. Provider modules implement it; the transport
 * itself knows no provider.
 */
export interface TransportSpec {
	id: string;
	name: string;
	credentialType: string;
	/** Host name → credential field holding its Base URL (Kumulos has `links` and `push`). */
	hosts: Readonly<Record<string, string>>;
	/** Credential fields whose values must never leave the transport. */
	secretFields: readonly string[];
	/** User and password fields when the credential uses HTTP Basic auth. */
	basicAuth?: readonly [string, string];
	/** Documented rate limits per throttle bucket. Every request also counts against `account`. */
	rateLimits: Readonly<Record<string, readonly RateLimit[]>>;
	/** The bucket a request counts against when it names none, e.g. per HTTP method. */
	bucketFor?(method: string): string | undefined;
	/** Reads the provider's error envelope. */
	parseError(status: number, body: unknown): ProviderErrorDetail;
}
