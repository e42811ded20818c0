import type { IDataObject, ResourceMapperValue } from 'n8n-workflow';

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
