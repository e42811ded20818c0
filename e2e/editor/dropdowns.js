/**
 * Browser cases (issue #19 point 1): an input with `optionsFrom` is n8n's searchable resource
 * locator, filled live from the API with the builder's credential. The packaged Document Store
 * connector's "Folder" (List documents) lists the folders of the e2e's Document Store server
 * (e2e/lib/file-transfer.js: GET /api/folders?q=…): the generated node's credential is created
 * through its form, "From list" shows the folder names, the search box narrows them, the one picked
 * runs; "By ID" typed runs; an API error shows in the list, not as a crash. `kit` is what
 * e2e/editor.js gives every case group; `documentStore` is that server ({ baseUrl, apiKey, requests }).
 */
async function dropdownCases({ ui, browserTest, assert, assertFresh, docsShot, credentials, documentStore }) {
	const folderLists = () => documentStore.requests.filter((request) => request.url.startsWith('/api/folders?') || request.url === '/api/folders');

	await browserTest('editor: generated Document Store node: "Folder" lists the folders from the API (credential created through its form), searched, picked, run', async () => {
		await ui.addNode('Document Store', 'Document Store', 'List documents');
		await assertFresh('Document Store node');
		credentials.documents = await ui.createCredential({ apiKey: documentStore.apiKey, baseUrl: documentStore.baseUrl });
		const before = folderLists().length;
		const all = await ui.listEntries('folderId', 'Human Resources');
		assert.deepEqual(all, ['Contracts', 'Invoices', 'Marketing', 'Human Resources']);
		assert.ok(folderLists().length > before, 'the list did not come from the API');
		await docsShot('editor-dropdown.png');
		// The search box asks the API (the connector maps it to ?q=).
		const found = await ui.listEntries('folderId', 'Invoices', 'inv');
		assert.deepEqual(found, ['Invoices']);
		assert.ok(folderLists().some((request) => request.url === '/api/folders?q=inv'), folderLists().map((request) => request.url).join(', '));
		await ui.pickFromList('folderId', 'Invoices');
		const output = await ui.executeStep('Invoice 2026-002.pdf');
		assert.match(output, /Invoice 2026-001\.pdf/);
		assert.ok(documentStore.requests.some((request) => request.url === '/api/folders/F-2/documents'));
		assert.ok(!output.includes(documentStore.apiKey));
	});

	await browserTest('editor: generated Document Store node: "Folder" by ID typed, run', async () => {
		await ui.chooseMode('folderId', 'By ID');
		const byId = () => ui.parameter('folderId').locator('[data-test-id=rlc-input]');
		await byId().click();
		await ui.page.keyboard.press('ControlOrMeta+a');
		await ui.page.keyboard.type('F-3');
		await byId().press('Tab');
		// The node closed and opened again, as a person checks what was kept: the editor stores a
		// typed ID a moment after typing (an Execute click right away once ran the folder before).
		const name = await ui.lastNodeName();
		await ui.closeNode();
		await ui.openNode(name);
		assert.equal(await byId().inputValue(), 'F-3', 'the typed ID was not kept');
		const output = await ui.executeStep('Launch plan.docx');
		assert.ok(!/Invoice 2026/.test(output), output);
	});

	await browserTest('editor: generated Document Store node: an API error shows in the "Folder" list, not as a crash', async () => {
		await ui.chooseMode('folderId', 'From list');
		const message = await ui.listError('folderId', 'restricted');
		assert.match(message, /403/);
		assert.match(message, /restricted/i);
		assert.ok(!message.includes(documentStore.apiKey));
		// Not a crash: the node's details stay open.
		assert.ok(await ui.ndv.isVisible(), 'the node details closed');
		await ui.closeNode();
	});
}

module.exports = { dropdownCases };
