'use strict';
// A small HTTP client without timeouts: a webhook call with "respond when the last node finishes" can
// take minutes, longer than fetch's (undici's) 300 s header timeout.
const http = require('node:http');

const agent = new http.Agent({ keepAlive: false });

function request(method, url, { headers = {}, body, timeoutMs = 0 } = {}) {
	const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
	const target = new URL(url);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				hostname: target.hostname,
				port: target.port,
				path: target.pathname + target.search,
				method,
				agent,
				headers: {
					accept: 'application/json',
					...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
					...headers,
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = text ? JSON.parse(text) : undefined;
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
		req.on('error', reject);
		req.end(payload);
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200 (or `timeoutMs` passes). */
async function waitFor200(url, timeoutMs = 120_000, isAlive = () => true) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const response = await request('GET', url, { timeoutMs: 2000 });
			if (response.status === 200) return;
		} catch {
			// not listening yet
		}
		if (!isAlive()) throw new Error(`the process behind ${url} exited`);
		if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
		await sleep(250);
	}
}

module.exports = { request, sleep, waitFor200 };
