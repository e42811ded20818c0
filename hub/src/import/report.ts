/**
 * The import report: everything an importer dropped or approximated, never silently. Each entry
 * names where in the source it comes from (an operation, a request, a curl option) so a person can
 * go back and finish the draft by hand.
 */
import type { ConnectorDefinitionInput } from 'n8n-nodes-data-connectors';

export type ReportKind = 'dropped' | 'approximated' | 'note';

export interface ReportEntry {
	kind: ReportKind;
	/** Where in the source: "GET /pets/{id}", "request Orders/Create order", "option -F". */
	where: string;
	message: string;
}

export interface ImportStats {
	/** Operations (OpenAPI), requests (Postman) or commands (curl) found in the source. */
	operations: number;
	/** Of those, how many became endpoints of the connector. */
	kept: number;
}

export interface ImportResult {
	/** A draft connector that passes `validate`. */
	connector: ConnectorDefinitionInput;
	report: ReportEntry[];
	stats: ImportStats;
}

export class ImportReport {
	readonly entries: ReportEntry[] = [];

	dropped(where: string, message: string): void {
		this.entries.push({ kind: 'dropped', where, message });
	}

	approximated(where: string, message: string): void {
		this.entries.push({ kind: 'approximated', where, message });
	}

	note(where: string, message: string): void {
		this.entries.push({ kind: 'note', where, message });
	}
}

/**
 * The import cannot produce a connector at all (not a spec, no usable operation, no base URL it can
 * guess). The message says why, so the person knows what to fix in the source.
 */
export class ImportRefusal extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ImportRefusal';
	}
}
