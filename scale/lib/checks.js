/**
 * The scale test's checks on what the run left behind: the webhook replies, n8n's execution rows in
 * PostgreSQL, the OAuth2 server's token requests, the event feed's sink and the poll trigger's
 * static data. Each calls `check(name, ok, detail)` and returns figures for the summary.
 */
const count = (values) => values.reduce((counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1), new Map());
const list = (counts) => [...counts].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([key, value]) => `${key} ${value}`).join(', ');

const OPEN_TICKETS = ['T-1001', 'T-1003'];

async function checkExecutions({ check, answers, database, workflowId, workerNames, oauth, executions }) {
	const failedCalls = answers.filter((answer) => answer.status !== 200);
	check(`${executions} webhook calls answered 200`, failedCalls.length === 0, failedCalls.length ? `${failedCalls.length} failed, first: ${JSON.stringify(failedCalls[0]).slice(0, 300)}` : `${answers.length} answers`);

	const itemProblems = [];
	for (const answer of answers.filter((candidate) => candidate.status === 200)) {
		const tickets = answer.items.map((item) => item.ticket).sort();
		if (JSON.stringify(tickets) !== JSON.stringify(OPEN_TICKETS)) itemProblems.push(`n=${answer.n}: tickets ${tickets.join(',')}`);
		for (const item of answer.items) {
			if (String(item.n) !== String(answer.n) || item.tracking !== `SC-${answer.n}-${item.ticket}` || !item.tokenNumber || item.error) {
				itemProblems.push(`n=${answer.n}: ${JSON.stringify(item)}`);
			}
		}
	}
	const items = answers.flatMap((answer) => answer.items);
	check(
		'no item lost: every execution returned both open tickets, each tracked with its own number',
		itemProblems.length === 0 && items.length === executions * OPEN_TICKETS.length,
		`${items.length} items (expected ${executions * OPEN_TICKETS.length})${itemProblems.length ? `; ${itemProblems.slice(0, 3).join('; ')}` : ''}`,
	);
	const tracked = oauth.apiRequests.filter((request) => request.path.startsWith('/numbered-shipping/'));
	check(
		'the tracking API received one authorized call per item',
		tracked.length === executions * OPEN_TICKETS.length && tracked.every((request) => request.status === 200),
		`${tracked.length} calls, ${tracked.filter((request) => request.status !== 200).length} refused`,
	);

	const { rows } = await database.query('SELECT status, count(*)::int AS n FROM execution_entity WHERE "workflowId" = $1 GROUP BY status', [workflowId]);
	const byStatus = new Map(rows.map((row) => [row.status, row.n]));
	check(
		`n8n recorded ${executions} successful executions in PostgreSQL`,
		byStatus.get('success') === executions && rows.length === 1,
		list(byStatus) || 'no rows',
	);

	const perWorker = count(answers.filter((answer) => answer.items.length).map((answer) => answer.items[0].worker));
	const mixed = answers.filter((answer) => new Set(answer.items.map((item) => item.worker)).size > 1);
	check(
		'both workers ran some executions (the main none)',
		workerNames.every((worker) => (perWorker.get(worker) ?? 0) > 0) && [...perWorker.keys()].every((worker) => workerNames.includes(worker)) && mixed.length === 0,
		list(perWorker),
	);
	return {
		summary: `${answers.length - failedCalls.length}/${executions} answered, ${items.length} items, ${byStatus.get('success') ?? 0} successful in PostgreSQL`,
		perWorker: list(perWorker),
	};
}

/**
 * Token requests are bounded by processes and token lifetimes, not executions: at most one per
 * worker per lifetime (the run is shorter than one), whatever the number of executions.
 */
function checkTokens({ check, answers, oauth, tokenRequests, workerNames, loadMs, lifetimeSeconds }) {
	const lifetimes = Math.floor(loadMs / (lifetimeSeconds * 1000)) + 1;
	const bound = workerNames.length * lifetimes;
	const tokensByWorker = new Map(workerNames.map((worker) => [worker, new Set()]));
	for (const item of answers.flatMap((answer) => answer.items)) tokensByWorker.get(item.worker)?.add(item.tokenNumber);
	const usage = [...tokensByWorker].map(([worker, numbers]) => `${worker} used token${numbers.size === 1 ? '' : 's'} #${[...numbers].sort().join(', #')}`).join('; ');
	const grants = oauth.tokenRequests.slice(0, tokenRequests);
	check(
		`OAuth2 token requests bounded by workers x token lifetimes (<= ${bound}), not by executions`,
		tokenRequests <= bound && grants.every((request) => request.ok) && [...tokensByWorker.values()].every((numbers) => numbers.size <= bound),
		`${tokenRequests} token requests for ${answers.length} executions; ${usage}`,
	);
	return { summary: `${tokenRequests} token requests for ${answers.length} executions (${usage})` };
}

async function checkPoll({ check, feed, database, workflowId, workerNames }) {
	const byEvent = count(feed.received.map((report) => report.eventId));
	const missing = feed.events.filter((event) => !byEvent.has(event.id)).map((event) => event.id);
	const repeated = [...byEvent].filter(([, times]) => times > 1).map(([id, times]) => `${id} x${times}`);
	const unknown = [...byEvent.keys()].filter((id) => !feed.events.some((event) => event.id === id));
	check(
		'the polling trigger started each new event exactly once',
		missing.length === 0 && repeated.length === 0 && unknown.length === 0 && feed.events.length > 0,
		`${feed.events.length} events, ${feed.received.length} reports${missing.length ? `; missing ${missing.join(', ')}` : ''}${repeated.length ? `; twice ${repeated.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`,
	);
	const perWorker = count(feed.received.map((report) => report.worker));
	check(
		'the trigger\'s executions ran on both workers',
		workerNames.every((worker) => (perWorker.get(worker) ?? 0) > 0),
		`events reported by ${list(perWorker) || 'nobody'}`,
	);
	const { rows } = await database.query('SELECT "staticData" AS data FROM workflow_entity WHERE id = $1', [workflowId]);
	const staticData = typeof rows[0]?.data === 'string' ? JSON.parse(rows[0].data) : rows[0]?.data;
	const state = Object.values(staticData ?? {}).find((value) => value && typeof value === 'object' && value.dataConnector)?.dataConnector;
	const remembered = new Set(state?.keys ?? []);
	const forgotten = feed.events.filter((event) => !remembered.has(JSON.stringify(event.id))).map((event) => event.id);
	check(
		'the trigger\'s dedupe state in PostgreSQL remembers every event (workers did not overwrite it)',
		Boolean(state?.seeded) && forgotten.length === 0,
		state ? `${remembered.size} keys remembered${forgotten.length ? `; forgotten ${forgotten.join(', ')}` : ''}` : `no state in ${JSON.stringify(staticData)}`,
	);
	return { summary: `${feed.events.length} events, ${feed.received.length} reports, by ${list(perWorker) || 'nobody'}` };
}

/**
 * The limited connectors' requests as the API saw them: per 1-second window of its clock. Shared:
 * at most `rate` in every window, whichever worker sent them. Local (per execution): only reported.
 */
function checkRate({ check, feed, mode, rate, executions, workerNames }) {
	const hits = feed.hits.filter((hit) => hit.mode === mode);
	const perSecond = count(hits.map((hit) => hit.second));
	const max = Math.max(0, ...perSecond.values());
	const senders = count(hits.map((hit) => hit.tag.split('-')[0]));
	const expected = executions * 10;
	const seconds = [...perSecond].sort(([a], [b]) => a - b).map(([, n]) => n);
	const figures = `${hits.length} requests over ${perSecond.size} s, at most ${max} in one second (per second: ${seconds.join(' ')}); sent by ${list(senders)}`;
	if (mode === 'shared') {
		check(
			`a rate limit shared through the hub holds across workers: at most ${rate} requests per second at the API`,
			hits.length === expected && max <= rate && workerNames.every((worker) => senders.has(worker)),
			figures,
		);
	} else {
		check(`every request of the per-execution limit arrived (${expected})`, hits.length === expected, `${figures} (a limit per execution: not shared by executions running at once)`);
	}
	return { max, summary: figures };
}

module.exports = { checkExecutions, checkTokens, checkPoll, checkRate };
