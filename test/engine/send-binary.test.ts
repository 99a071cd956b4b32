import nock from 'nock';
import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { answer, answerAnything, resetSentRequests, sentRequests } from '../fixtures/mock-send';
import * as nx from '../fixtures/noxivo-send';
import { runWorkflow, singleNodeWorkflow } from './harness';
import { ALL_SECRETS, NODE_NAME, credentialTypes, nodeTypes } from './package';
import { CREDENTIALS, type ProviderId } from '../fixtures/providers';

/** WhatsApp Send with media from an input item's binary property. */

beforeAll(() => nock.disableNetConnect());
afterEach(() => resetSentRequests());
afterAll(() => nock.enableNetConnect());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n% a tiny invoice\n');

function binaryItem(json: IDataObject, binary: IBinaryKeyData): INodeExecutionData {
	return { json, binary };
}

/** Runs WhatsApp Send on the given items (with their binary data), with the provider's test credential. */
async function sendItems(
	provider: ProviderId,
	parameters: IDataObject,
	inputItems: INodeExecutionData[],
	continueOnFail = false,
) {
	const credential = CREDENTIALS[provider];
	const workflow = singleNodeWorkflow({
		name: NODE_NAME,
		type: 'whatsAppSend',
		parameters: { provider, ...parameters },
		credentials: { [credential.type]: { id: '1', name: `${provider} test` } },
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	});
	return await runWorkflow({
		nodeTypes,
		credentialTypes,
		credentials: [{ type: credential.type, data: { ...credential.data } }],
		workflow,
		startNode: NODE_NAME,
		inputItems,
	});
}

const BINARY_MEDIA = {
	to: '={{ $json.to }}',
	messageType: 'media',
	mediaSource: 'binary',
	binaryPropertyName: 'file',
};

describe('Noxivo Engine: binary media goes as attachment `data` on the conversation endpoint (§1.4.4)', () => {
	it("an image and a document, each read from its own item, base64 with the file's MIME type and name", async () => {
		answer('noxivo', 'GET', '/api/v1/chats', [200, nx.storedConversations]);
		answer(
			'noxivo',
			'POST',
			/\/api\/v1\/inbox\/conversations\/[0-9a-f]{24}\/messages$/,
			(request, n) => [
				200,
				{
					...nx.replied,
					messageId: `6620f0c1a1b2c3d4e5f6072${n}`,
					conversationId: request.path.split('/')[5],
				},
			],
		);
		const result = await sendItems(
			'noxivo',
			{
				...BINARY_MEDIA,
				mediaType: '={{ $json.kind }}',
				mediaOptions: { caption: '={{ $json.caption }}' },
			},
			[
				binaryItem(
					{ to: '972501234567', kind: 'image', caption: 'This week' },
					{ file: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'chart.png' } },
				),
				binaryItem(
					{ to: '+84 961 566 302', kind: 'document', caption: 'Your invoice' },
					{
						file: {
							data: PDF.toString('base64'),
							mimeType: 'application/pdf',
							fileName: 'invoice.pdf',
						},
					},
				),
			],
		);

		expect(result.error(NODE_NAME)).toBeUndefined();
		const sends = sentRequests.filter((r) => r.method === 'POST');
		expect(sends.map(({ path, body }) => ({ path, body }))).toEqual([
			{
				path: '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4643/messages',
				body: {
					operatorUserId: 'n8n',
					attachments: [
						{
							kind: 'image',
							data: PNG.toString('base64'),
							mimeType: 'image/png',
							filename: 'chart.png',
							caption: 'This week',
						},
					],
				},
			},
			{
				path: '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages',
				body: {
					operatorUserId: 'n8n',
					attachments: [
						{
							kind: 'document',
							data: PDF.toString('base64'),
							mimeType: 'application/pdf',
							filename: 'invoice.pdf',
							caption: 'Your invoice',
						},
					],
				},
			},
		]);
		sends.forEach((r) => expect(r.headers['x-api-key']).toBe(CREDENTIALS.noxivo.data.apiKey));
		expect(
			result.items(NODE_NAME).map(({ json, pairedItem }) => ({
				id: json.id,
				to: json.to,
				conversationId: json.conversationId,
				pairedItem,
			})),
		).toEqual([
			{
				id: '6620f0c1a1b2c3d4e5f60720',
				to: '972501234567@c.us',
				conversationId: '69e0af6bfbf58631dc8d4643',
				pairedItem: { item: 0 },
			},
			{
				id: '6620f0c1a1b2c3d4e5f60721',
				to: '84961566302@c.us',
				conversationId: '69e0af6bfbf58631dc8d4642',
				pairedItem: { item: 1 },
			},
		]);
	});

	it("File Name and MIME Type options win over the file's own", async () => {
		answer('noxivo', 'POST', '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages', [
			200,
			nx.replied,
		]);
		await sendItems(
			'noxivo',
			{
				...BINARY_MEDIA,
				to: '69e0af6bfbf58631dc8d4642',
				mediaType: 'document',
				mediaOptions: { fileName: 'March.pdf', mimeType: 'application/x-pdf' },
			},
			[
				binaryItem(
					{},
					{
						file: {
							data: PDF.toString('base64'),
							mimeType: 'application/pdf',
							fileName: 'upload-123.pdf',
						},
					},
				),
			],
		);
		expect(sentRequests[0].body?.attachments).toEqual([
			{
				kind: 'document',
				data: PDF.toString('base64'),
				mimeType: 'application/x-pdf',
				filename: 'March.pdf',
			},
		]);
	});

	it('a contact with no stored conversation is an item error that says why, with Continue On Fail going on', async () => {
		answer('noxivo', 'GET', '/api/v1/chats', [200, nx.storedConversations]);
		answer('noxivo', 'POST', '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4643/messages', [
			200,
			nx.replied,
		]);
		const file = {
			file: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'chart.png' },
		};
		const result = await sendItems(
			'noxivo',
			{ ...BINARY_MEDIA, mediaType: 'image' },
			[binaryItem({ to: '15550109999' }, file), binaryItem({ to: '972501234567' }, file)],
			true,
		);

		const [unknown, known] = result.items(NODE_NAME);
		expect(unknown.json).toEqual({
			error: 'Noxivo Engine has no conversation with 15550109999@c.us to send this in [item 0]',
		});
		expect(unknown.error?.description).toBe(
			'Replies and media from binary data go through the conversation the engine stores for a contact who has written before. Send to such a contact, or give the media as a URL without Reply To.',
		);
		expect(known.json).toMatchObject({
			id: '6620f0c1a1b2c3d4e5f60719',
			conversationId: '69e0af6bfbf58631dc8d4643',
		});
		expect(known.pairedItem).toEqual({ item: 1 });
		for (const secret of ALL_SECRETS) expect(result.serialized).not.toContain(secret);
	});

	it("an item without binary data, or without that field, is an item error (n8n's own wording) and nothing is sent", async () => {
		answerAnything('noxivo');
		const parameters = { ...BINARY_MEDIA, to: '69e0af6bfbf58631dc8d4642', mediaType: 'image' };
		const none = await sendItems('noxivo', parameters, [{ json: {} }]);
		expect(none.error(NODE_NAME)?.message).toBe(
			"This operation expects the node's input data to contain a binary file 'file', but none was found [item 0]",
		);
		const other = await sendItems('noxivo', parameters, [
			binaryItem({}, { other: { data: PNG.toString('base64'), mimeType: 'image/png' } }),
		]);
		expect(other.error(NODE_NAME)?.message).toBe("The item has no binary field 'file' [item 0]");
		expect(sentRequests).toEqual([]);
	});
});
