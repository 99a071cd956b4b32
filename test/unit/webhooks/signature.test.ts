import { createHmac } from 'node:crypto';

import {
	constantTimeEqual,
	deriveSubscriptionSecret,
	urlWithToken,
	verifyHmacSignature,
	verifySharedToken,
} from '../../../bridge/webhooks/signature';
import { request } from './request';

describe('signature helpers', () => {
	const body = '{"event_type":"message.status"}';
	const hex = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');

	it('compares strings of any length, equal or not', () => {
		expect(constantTimeEqual('abc', 'abc')).toBe(true);
		expect(constantTimeEqual('abc', 'abd')).toBe(false);
		expect(constantTimeEqual('abc', 'abcd')).toBe(false);
		expect(constantTimeEqual('', '')).toBe(true);
	});

	it('accepts a hex HMAC made with any of the secrets, in either case, with or without "sha256="', () => {
		const headers = (value: string) => ({ headers: { 'X-Sig': value } });
		expect(verifyHmacSignature(request(body, headers(hex('b'))), 'x-sig', ['a', 'b'])).toEqual({
			ok: true,
		});
		expect(
			verifyHmacSignature(request(body, headers(hex('a').toUpperCase())), 'x-sig', ['a']),
		).toEqual({ ok: true });
		expect(
			verifyHmacSignature(request(body, headers(`sha256=${hex('a')}`)), 'x-sig', ['a']),
		).toEqual({ ok: true });
		expect(verifyHmacSignature(request(body, headers(hex('c'))), 'x-sig', ['a', 'b'])).toEqual({
			ok: false,
			reason: 'x-sig does not match the body',
		});
	});

	it('refuses when there is nothing to check against', () => {
		expect(
			verifyHmacSignature(request(body, { headers: { 'X-Sig': hex('a') } }), 'x-sig', []),
		).toEqual({
			ok: false,
			reason: 'no webhook secret is configured to check the signature',
		});
		expect(
			verifyHmacSignature(
				{ ...request(body, { headers: { 'X-Sig': hex('a') } }), rawBody: null },
				'x-sig',
				['a'],
			),
		).toEqual({
			ok: false,
			reason: 'the raw request body is not available to check the signature',
		});
	});

	it('puts the shared secret in the URL and finds it there', () => {
		expect(urlWithToken('https://n8n.example.test/webhook/abc/webhook', 's3cr3t&x')).toBe(
			'https://n8n.example.test/webhook/abc/webhook?token=s3cr3t%26x',
		);
		expect(urlWithToken('https://n8n.example.test/webhook/abc/webhook', undefined)).toBe(
			'https://n8n.example.test/webhook/abc/webhook',
		);
		expect(verifySharedToken(request(body, { query: { token: 's3cr3t&x' } }), 's3cr3t&x')).toEqual({
			ok: true,
		});
	});

	it('derives one secret per credential and Trigger, never the credential secret itself', () => {
		const a = deriveSubscriptionSecret('token-1', 'node-a');
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(deriveSubscriptionSecret('token-1', 'node-a')).toBe(a);
		expect(deriveSubscriptionSecret('token-1', 'node-b')).not.toBe(a);
		expect(deriveSubscriptionSecret('token-2', 'node-a')).not.toBe(a);
		expect(a).not.toContain('token-1');
	});
});
