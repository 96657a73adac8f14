'use strict';

/** The emulated providers, in this order in the state, the credentials and the README. One line each. */
module.exports = [
	require('./adjust'),
	require('./branch'),
	require('./kumulos'),
	require('./shortify'),
];
