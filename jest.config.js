/** Tests load the built package from dist/: run `npm test`, which builds first. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/sandbox'],
	testMatch: ['**/*.test.js'],
	setupFiles: ['<rootDir>/test/setup.js'],
	testTimeout: 30000,
};
