import { sentIds } from '../../../bridge/providers/inbox/sending';
import * as fx from '../../fixtures/inbox-send';

/** The inbox API send response's id quirk (docs/providers.md §4.3, fixtures/inbox-send.ts). */

describe('inbox API send ids', () => {
	it('the seed answers, with the wamid in vendorMessageId: the msg_ id is the id', () => {
		expect(
			[fx.sentText, fx.sentTemplate, fx.sentImage].map((answer) => sentIds(answer.data)),
		).toEqual([
			{ id: 'msg_abc125', waMessageId: 'wamid.HBgLMTIzNDU2Nzg5MBUCABIYZ...' },
			{ id: 'msg_abc126', waMessageId: 'wamid.HBgLMTIzNDU2Nzg5MBUCABIYY...' },
			{ id: 'msg_abc127', waMessageId: 'wamid.HBgLMTIzNDU2Nzg5MBUCABIZZ...' },
		]);
	});

	it('fields as their names say are taken as they are', () => {
		expect(sentIds({ vendorMessageId: 'msg_1', waMessageId: 'wamid.A' })).toEqual({
			id: 'msg_1',
			waMessageId: 'wamid.A',
		});
	});

	it('queued, no WhatsApp id yet', () => {
		expect(sentIds(fx.queued.data)).toEqual({ id: 'msg_abc128', waMessageId: null });
	});

	it('only a wamid: it is both', () => {
		expect(sentIds({ vendorMessageId: 'wamid.B', waMessageId: null })).toEqual({
			id: 'wamid.B',
			waMessageId: 'wamid.B',
		});
	});
});
