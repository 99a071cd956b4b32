/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Engine tests run real n8n-core and a simulator over HTTP: 5 s is too tight on a busy 2-core machine.
	testTimeout: 30000,
	transform: { '^.+\\.ts$': 'ts-jest' },
	setupFiles: ['<rootDir>/test/setup-env.js'],
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
