/**
 * Every test file that talks HTTP uses nock the same way (ENVIRONMENT.md, trap 7): no real
 * connection leaves the machine, a test that leaves a mock unused fails, and nock is restored so
 * the next test file starts clean.
 */
import nock from 'nock';
import type { IDataObject, ResourceMapperValue } from 'n8n-workflow';

export function guardNetwork(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.restore());
}

/** The value n8n stores for a resource-mapper parameter ("inputs" of the connector nodes). */
export function mapperValue(value: IDataObject | null, mappingMode: 'defineBelow' | 'autoMapInputData' = 'defineBelow'): ResourceMapperValue {
	return {
		mappingMode,
		value: value as ResourceMapperValue['value'],
		matchingColumns: [],
		schema: [],
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}
