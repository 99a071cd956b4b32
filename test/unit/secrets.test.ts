import { NodeApiError, type INode } from 'n8n-workflow';

import { Digital99Api } from '../../credentials/Digital99Api.credentials';
import { NoxivoApi } from '../../credentials/NoxivoApi.credentials';
import { VobizApi } from '../../credentials/VobizApi.credentials';
import { WhatsAppInboxApi } from '../../credentials/WhatsAppInboxApi.credentials';
import { BridgeError } from '../../bridge/errors';
import { toNodeError } from '../../bridge/n8n/errors';
import { PROVIDERS } from '../../bridge/providers';
import { maskSecrets, secretMasker } from '../../bridge/secrets';
import { deriveSubscriptionSecret } from '../../bridge/webhooks/signature';

const SECRET = 'vobiz-secret-token-0001';
const node: INode = {
	id: '1',
	name: 'WhatsApp Send',
	type: 'whatsAppSend',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Each way a provider or server has been seen to echo a value, applied to the secret. */
const ENCODINGS: Array<[string, (s: string) => string]> = [
	['as is', (s) => s],
	['in capitals', (s) => s.toUpperCase()],
	['URL-encoded', (s) => encodeURIComponent(s)],
	['form-encoded', (s) => new URLSearchParams({ q: s }).toString().slice(2)],
	['base64', (s) => Buffer.from(s).toString('base64')],
	['url-safe base64', (s) => Buffer.from(s).toString('base64url')],
	['base64 after 1 byte of a longer value', (s) => Buffer.from(`:${s}:tail`).toString('base64')],
	['base64 after 2 bytes of a longer value', (s) => Buffer.from(`u:${s}`).toString('base64')],
	[
		'base64 after 3 bytes of a longer value (Basic auth)',
		(s) => Buffer.from(`MA_:${s}`).toString('base64'),
	],
	['url-safe base64 after 1 byte', (s) => Buffer.from(`x${s}??>>`).toString('base64url')],
	['JSON-escaped', (s) => JSON.stringify(s).slice(1, -1)],
];

describe('masking secrets (bridge/secrets.ts)', () => {
	/** Secrets whose encodings differ from their plain form: spaces, reserved characters, quotes, non-ASCII. */
	const secrets = [SECRET, 'p@ss w/rd+&=?"ключ"', deriveSubscriptionSecret(SECRET, 'webhook-1')];

	it.each(ENCODINGS)('masks a secret echoed %s', (_name, encode) => {
		for (const secret of secrets) {
			const echoed = `Provider said: invalid value "${encode(secret)}" for field secret`;
			expect(encode(secret)).not.toBe('');
			const masked = maskSecrets(echoed, secrets) as string;
			expect(masked).toContain('***');
			expect(masked).not.toContain(encode(secret));
			expect(masked.toLowerCase()).not.toContain(encode(secret).toLowerCase());
			expect(masked.startsWith('Provider said: invalid value "')).toBe(true);
		}
	});

	it('leaves text without a secret alone, and ignores empty or very short values', () => {
		expect(
			maskSecrets('Vobiz: the request was refused as invalid (HTTP 400)', [SECRET, '', 'ab']),
		).toBe('Vobiz: the request was refused as invalid (HTTP 400)');
		expect(maskSecrets(undefined, [SECRET])).toBeUndefined();
	});

	it('masks deep in an item: values, keys and array members, also under __proto__ keys', () => {
		const raw = JSON.parse(
			`{"id":"m1","__proto__":{"token":"${SECRET}"},"headers":[["authorization","Basic ${Buffer.from(`MA_X:${SECRET}`).toString('base64')}"]],"${SECRET}":1,"n":5,"ok":true,"none":null}`,
		) as Record<string, unknown>;
		const masked = secretMasker([SECRET]).deep({ text: 'hi', raw });
		const text = JSON.stringify(masked);
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(Buffer.from(`MA_X:${SECRET}`).toString('base64').slice(8, 30));
		expect(masked.raw).toMatchObject({ id: 'm1', n: 5, ok: true, none: null, '***': 1 });
		expect(Object.getPrototypeOf(masked.raw)).toBe(Object.prototype);
		expect(raw.headers).toEqual([
			['authorization', `Basic ${Buffer.from(`MA_X:${SECRET}`).toString('base64')}`],
		]);
	});

	it('toNodeError masks message and description, and the response n8n shows', () => {
		const derived = deriveSubscriptionSecret(SECRET, 'webhook-1');
		const error = new BridgeError('http', 'Vobiz: the request was refused as invalid (HTTP 400)', {
			provider: 'vobiz',
			httpCode: 400,
			description: `Vobiz said: VALIDATION_ERROR secret ${derived.toUpperCase()} is not accepted; url https://x/?t=${encodeURIComponent(SECRET)}`,
		});
		const nodeError = toNodeError(node, error, 0, [SECRET, derived]);
		expect(nodeError).toBeInstanceOf(NodeApiError);
		expect(nodeError.description).toBe(
			'Vobiz said: VALIDATION_ERROR secret *** is not accepted; url https://x/?t=***',
		);
		expect(JSON.stringify(nodeError).toLowerCase()).not.toContain(derived);
		expect(JSON.stringify(nodeError)).not.toContain(SECRET);
	});
});

describe('which values are secrets', () => {
	it.each(Object.values(PROVIDERS).map((adapter) => [adapter.id, adapter] as const))(
		'%s: every password field of the credential is masked',
		(_id, adapter) => {
			const credential = [
				new NoxivoApi(),
				new VobizApi(),
				new Digital99Api(),
				new WhatsAppInboxApi(),
			].find((c) => c.name === adapter.credentialType);
			const passwords = credential?.properties
				.filter((p) => p.typeOptions?.password === true)
				.map((p) => p.name);
			expect([...adapter.secretFields].sort()).toEqual(passwords?.sort());
		},
	);

	it('Vobiz also masks the subscription signing secret it derives for a Trigger, and only Vobiz derives one', () => {
		const config = { authToken: SECRET };
		expect(PROVIDERS.vobiz.webhooks!.derivedSecrets?.(config, 'webhook-1')).toEqual([
			deriveSubscriptionSecret(SECRET, 'webhook-1'),
		]);
		expect(PROVIDERS.vobiz.webhooks!.derivedSecrets?.({}, 'webhook-1')).toEqual([]);
		expect(
			Object.values(PROVIDERS)
				.filter((a) => a.webhooks!.derivedSecrets)
				.map((a) => a.id),
		).toEqual(['vobiz']);
	});
});
