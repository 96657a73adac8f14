// A server on another port that records every request it gets (helpers/requests.js):
// the place a redirect points to. A test that a credential never leaves its host expects it to receive nothing.
const http = require('node:http');
const { requestRecord } = require('./requests');

async function startCatcher() {
	const received = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push(requestRecord(req.method, req.url, req.headers, body));
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"caught": true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		received,
		port,
		host: `127.0.0.1:${port}`,
		url: `http://127.0.0.1:${port}`,
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startCatcher };
