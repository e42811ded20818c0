/**
 * Every test file that talks HTTP uses nock the same way (ENVIRONMENT.md, trap 7): no real
 * connection leaves the machine, a test that leaves a mock unused fails, and nock is restored so
 * the next test file starts clean.
 */
import nock from 'nock';

export function guardNetwork(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.restore());
}
