import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPostman } from '../../src/import/postman/import';
import { endpointNamed, messages, sampleRequest, validated } from './helpers';

const text = readFileSync(join(__dirname, 'fixtures', 'helpdesk.postman_collection.json'), 'utf8');

describe('import postman: a v2.1 collection', () => {
	const result = importPostman(text);
	const connector = validated(result);
	const endpoint = (key: string) => endpointNamed(connector, key);

	it('is a valid draft on the collection host, with the shared path prefix in the base URL', () => {
		expect(connector).toMatchObject({ key: 'helpdesk', name: 'Helpdesk', status: 'draft', baseUrl: 'https://desk.example.com/api/v3', tags: ['Tickets', 'Agents'] });
		expect(result.stats).toEqual({ operations: 6, kept: 5 });
	});

	it('inherits the collection auth and never writes its secrets', () => {
		expect(connector.auth).toEqual({ type: 'bearer' });
		const written = JSON.stringify(result);
		expect(written).not.toContain('pm-secret-token-123');
		expect(written).not.toContain('agent-secret-999');
		expect(messages(result, 'approximated')).toContain('request Agents/Invite agent: its auth "apiKey" differs: it uses the connector\'s auth "bearer"');
	});

	it('turns collection variables into settings, other variables and literals into inputs', () => {
		expect(connector.settings).toEqual({ apiVersion: '2024-01' });
		const list = endpoint('listTickets');
		expect(list.headers).toEqual([{ key: 'X-Api-Version', value: '{{ settings.apiVersion }}' }]);
		expect(list.inputs.map((input) => input.name)).toEqual(['status', 'agentId']);
		const spec = sampleRequest(result, 'listTickets', { status: 'open', agentId: 'u7' });
		expect(spec.url).toBe('https://desk.example.com/api/v3/tickets');
		expect(spec.query).toEqual([
			['status', 'open'],
			['assignee', 'u7'],
		]);
		expect(spec.headers['X-Api-Version']).toBe('2024-01');
		expect(spec.headers['X-Debug']).toBeUndefined();
	});

	it('turns :params into path inputs with their sample, and parses JSON bodies with unquoted variables', () => {
		const update = endpoint('updateTicket');
		expect(update.path).toBe('/tickets/{{ inputs.ticketId }}');
		expect(update.sampleData).toEqual({ ticketId: '981', status: 'solved' });
		const spec = sampleRequest(result, 'updateTicket', { ticketId: '981', priority: 2, status: 'solved', randomEmail: 'a@b.c' });
		expect(spec).toMatchObject({ method: 'PATCH', url: 'https://desk.example.com/api/v3/tickets/981' });
		expect(spec.body).toEqual({ type: 'json', value: { priority: '2', status: 'solved', requester: 'a@b.c' } });
		expect(messages(result, 'approximated')).toContain('request Tickets/Update ticket: dynamic variable {{$randomEmail}} became an input: connectors do not generate values');
	});

	it('keeps a GraphQL query as written and its variables as input; urlencoded bodies as forms with repeated fields', () => {
		expect(sampleRequest(result, 'searchTicketsGraphQL').body).toEqual({
			type: 'json',
			value: { query: 'query Find($q: String!) { tickets(q: $q) { id } }', variables: { q: 'printer' } },
		});
		expect(sampleRequest(result, 'inviteAgent').body).toEqual({ type: 'form', value: { email: 'new@desk.example.com', role: 'admin', team: ['a', 'b'] } });
	});

	it('reports scripts, other hosts and file fields', () => {
		const dropped = messages(result, 'dropped');
		expect(dropped).toEqual(
			expect.arrayContaining([
				'collection: scripts (prerequest) are not run by connectors: dropped',
				'request Tickets/Update ticket: scripts (test) are not run by connectors: dropped',
				'request Status page (other host): it calls https://status.example.org, not https://desk.example.com: a connector has one host',
				'request Agents/Upload avatar: file field "file" dropped: file uploads are not supported by the connector format',
			]),
		);
	});
});

describe('import postman: v2.0 and refusals', () => {
	const v20 = {
		info: { name: 'Legacy', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
		auth: { type: 'basic', basic: { username: 'u', password: 'pw-legacy-77' } },
		item: [
			{ name: 'Ping', request: 'https://legacy.example.com/ping' },
			{
				name: 'Token',
				request: {
					method: 'POST',
					url: 'https://legacy.example.com/orders/123e4567-e89b-12d3-a456-426614174000?x=1',
					auth: { type: 'oauth2', oauth2: { grant_type: 'client_credentials', accessTokenUrl: 'https://legacy.example.com/oauth/token', scope: 'read' } },
					body: { mode: 'raw', raw: '<a>1</a>', options: { raw: { language: 'xml' } } },
				},
			},
		],
	};

	it('reads v2.0 auth objects, string requests and raw XML bodies', () => {
		const result = importPostman(JSON.stringify(v20));
		const connector = validated(result);
		expect(connector.baseUrl).toBe('https://legacy.example.com');
		expect(['basic', 'oauth2ClientCredentials']).toContain(connector.auth.type);
		expect(JSON.stringify(result)).not.toContain('pw-legacy-77');
		const spec = sampleRequest(result, connector.endpoints[1].key);
		expect(spec).toMatchObject({ method: 'POST', url: 'https://legacy.example.com/orders/123e4567-e89b-12d3-a456-426614174000', query: [['x', '1']] });
		expect(spec.body).toEqual({ type: 'raw', contentType: 'application/xml', value: '<a>1</a>' });
		expect(connector.endpoints[1].path).toBe('/orders/{{ inputs.orderId }}');
	});

	it.each([
		['[]', 'not a Postman collection v2.0/v2.1'],
		['{"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v1.0.0/"}, "item": []}', 'schema https://schema.getpostman.com/json/collection/v1.0.0/ is not supported'],
		['{"info": {"name": "x"}, "item": []}', 'the collection holds no requests'],
	])('refuses %s', (input, message) => {
		expect(() => importPostman(input)).toThrow(message);
	});
});
