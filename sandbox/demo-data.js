// Data a fresh sandbox lacks but some examples need: Shortify links to list and clean up (a third
// expired, a third expiring tomorrow, a third without expiry).
async function seedDemoData(baseUrl, credentials) {
	const now = Date.now();
	for (let i = 0; i < 9; i++) {
		const expiresAt = i % 3 === 0 ? new Date(now - 86_400_000) : i % 3 === 1 ? new Date(now + 86_400_000) : undefined;
		const response = await fetch(`${credentials.shortifyApi.baseUrl}/v1/deep-links`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'api-key': credentials.shortifyApi.apiKey },
			body: JSON.stringify({ deepLinkAppId: 'app_sandbox', key: `seed-${i}`, title: `Seeded link ${i}`, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) }),
		});
		if (!response.ok) throw new Error(`seeding the sandbox failed: ${response.status} ${await response.text()}`);
	}
}

module.exports = { seedDemoData };
