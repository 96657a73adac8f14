// Credential values full of characters that get encoded on the wire (+ / = space & "), each around a
// distinctive core of letters and digits. Every encoding (percent, form `+`, JSON escaping) leaves the core
// intact, so finding no core anywhere means no form of the value, whole or in part, leaked. The Basic pair
// is also looked for base64-encoded, the one form that hides the core.
const { ORIGINS } = require('./credentials');

const cores = {
	apiToken: 'AdjCore7Q',
	branchKey: 'BrKeyCore8R',
	branchSecret: 'BrSecCore9S',
	accessToken: 'BrTokCore1T',
	apiKey: 'KumApiCore2U',
	serverSecretKey: 'KumSrvCore3V',
	shortifyKey: 'ShfCore4W',
};

const wrap = (core) => `p+q/${core}= r&"s`;

const credentials = {
	adjustApi: { apiToken: wrap(cores.apiToken), baseUrl: ORIGINS.adjust },
	branchApi: {
		branchKey: wrap(cores.branchKey),
		branchSecret: wrap(cores.branchSecret),
		accessToken: wrap(cores.accessToken),
		appId: '1234567890',
		baseUrl: ORIGINS.branch,
	},
	kumulosApi: {
		apiKey: wrap(cores.apiKey),
		serverSecretKey: wrap(cores.serverSecretKey),
		linksBaseUrl: ORIGINS.links,
		pushBaseUrl: ORIGINS.push,
	},
	shortifyApi: { apiKey: wrap(cores.shortifyKey), baseUrl: ORIGINS.shortify },
};

const basicPair = Buffer.from(`${credentials.kumulosApi.apiKey}:${credentials.kumulosApi.serverSecretKey}`).toString('base64');

/** Every text that must never appear: the cores, and the Basic pair's base64 (raw, percent- and form-encoded). */
const forbidden = [...Object.values(cores), basicPair, encodeURIComponent(basicPair), new URLSearchParams({ v: basicPair }).toString().slice(2)];

/** Fails naming the first forbidden text found in `text`, and where. */
function expectNoCredentialForm(text, where = 'output') {
	for (const needle of forbidden) {
		const at = text.indexOf(needle);
		if (at !== -1) throw new Error(`A credential value leaked into the ${where}: …${text.slice(Math.max(0, at - 80), at + needle.length + 40)}…`);
	}
}

module.exports = { credentials, cores, basicPair, forbidden, expectNoCredentialForm };
