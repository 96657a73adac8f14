'use strict';

/**
 * Derived from the provider modules (sandbox/providers/index.js), which own their values: the credential
 * constants, path prefix → provider id, the provider ids, and the default config.
 */

const PROVIDER_MODULES = require('../providers');
const { defaultConfig } = require('./config');

const PREFIXES = {};
for (const d of PROVIDER_MODULES) for (const prefix of d.prefixNames) PREFIXES[prefix] = d.id;

module.exports = {
	...Object.assign({}, ...PROVIDER_MODULES.map((d) => d.constants)),
	PREFIXES,
	PROVIDERS: PROVIDER_MODULES.map((d) => d.id),
	defaultConfig: () => defaultConfig(PROVIDER_MODULES),
};
