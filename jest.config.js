/** Tests load the built package from dist/: run `npm test`, which builds first. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/sandbox'],
	testMatch: ['**/*.test.js'],
	setupFiles: ['<rootDir>/test/setup.js'],
	// Generous: the machines are shared and loaded; no test asserts how long it takes.
	testTimeout: 120000,
};
