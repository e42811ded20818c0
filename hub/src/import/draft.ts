/**
 * The last step of every importer: the connector becomes a draft and must pass the same validation
 * as a hand-written file. An endpoint the validator still refuses is dropped and reported (with the
 * validator's own words), so one odd operation never costs the whole import; a problem outside the
 * endpoints is a refusal that says what is wrong.
 */
import { validateDefinition, type ConnectorDefinitionInput, type DefinitionProblem } from 'n8n-nodes-data-connectors';
import { ImportRefusal, type ImportReport } from './report';

type EndpointInput = ConnectorDefinitionInput['endpoints'][number];

const ENDPOINT_PROBLEM = /^\/endpoints\/(\d+)(?:\/|$)/;

function describe(endpoint: EndpointInput | undefined): string {
	return endpoint ? `${endpoint.method ?? 'GET'} ${endpoint.path} (endpoint "${endpoint.key}")` : 'endpoint';
}

export function finishDraft(connector: ConnectorDefinitionInput, report: ImportReport): ConnectorDefinitionInput {
	const draft: ConnectorDefinitionInput = { ...connector, status: 'draft' };
	if (!draft.endpoints.length) throw new ImportRefusal('no operation could be imported (see the report for why each was dropped)');
	for (;;) {
		const result = validateDefinition(draft);
		if (result.ok) return draft;
		const broken = new Map<number, DefinitionProblem[]>();
		const general: DefinitionProblem[] = [];
		for (const problem of result.problems) {
			const match = ENDPOINT_PROBLEM.exec(problem.path);
			if (match) broken.set(Number(match[1]), [...(broken.get(Number(match[1])) ?? []), problem]);
			else general.push(problem);
		}
		if (general.length || !broken.size) {
			const lines = (general.length ? general : result.problems).map((problem) => `${problem.path || '/'}: ${problem.message}`);
			throw new ImportRefusal(`the imported connector is not valid:\n  ${lines.join('\n  ')}`);
		}
		for (const [index, problems] of broken) {
			report.dropped(
				describe(draft.endpoints[index]),
				`not importable: ${problems.map((problem) => `${problem.path.replace(ENDPOINT_PROBLEM, '')}: ${problem.message}`).join('; ')}`,
			);
		}
		draft.endpoints = draft.endpoints.filter((_, index) => !broken.has(index));
		if (!draft.endpoints.length) throw new ImportRefusal('no operation could be imported (see the report for why each was dropped)');
	}
}
