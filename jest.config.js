/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/hub/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// isolatedModules: ts-jest only transpiles; `npm run typecheck` runs tsc on the whole tree.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.js'],
};
