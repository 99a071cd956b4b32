import type { HttpResponse, Transport } from '../../http';
import type { Chat, Mapped } from '../../model';
import { paginate } from '../../pagination/engine';
import { pageNumberStrategy } from '../../pagination/strategies';
import { toPhoneDigits } from '../../phone';
import { flag, record, recordsAt, str, listOf } from '../common';
import { checkResponse } from './api';
import { identity } from './identity';

/**
 * §2.4.1: a current conversation carries only `contact_id`; name and phone live on the contact (§2.4.4).
 * A few chats are completed with one `GET /contacts/{id}` each; many with the paged contact list.
 */

/** Up to this many contacts are fetched one by one; past it the list (100 a page) is cheaper. */
const ONE_BY_ONE_MAX = 10;

interface Contact {
	id: string;
	name: string | null;
	phone: string | null;
}

function toContact(raw: unknown): Contact {
	const c = record(raw);
	return { id: str(c.id) ?? '', name: str(c.name), phone: toPhoneDigits(str(c.phone_number)) };
}

async function contactsOneByOne(ids: string[], transport: Transport): Promise<Contact[]> {
	const contacts: Contact[] = [];
	for (const id of ids) {
		const response: HttpResponse = await transport({
			method: 'GET',
			path: `/contacts/${encodeURIComponent(id)}`,
		});
		if (response.statusCode === 404) continue; // a deleted contact leaves the chat as it was
		checkResponse(response);
		contacts.push(toContact(response.body));
	}
	return contacts;
}

async function allContacts(transport: Transport): Promise<Contact[]> {
	const found = await paginate(
		{
			...listOf(identity, 'contacts'),
			request: { method: 'GET', path: '/contacts' },
			paginator: {
				strategy: pageNumberStrategy({
					hasMore: (page) => flag(record(page.body).has_more, identity, 'has_more') ?? undefined,
				}),
				tokenOption: { inject: 'query', field: 'page' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: 100,
			},
			checkResponse,
			records: (body) => recordsAt(body, ['items'], identity, 'contacts'),
			map: toContact,
			idOf: (contact) => contact.id,
		},
		transport,
	);
	return found.map((c) => c.value);
}

export async function completeChats(
	chats: Array<Mapped<Chat>>,
	transport: Transport,
): Promise<Array<Mapped<Chat>>> {
	const contactIdOf = (chat: Mapped<Chat>) =>
		chat.value.phone === null ? str(record(chat.raw).contact_id) : null;
	const wanted = [...new Set(chats.map(contactIdOf).filter((id): id is string => id !== null))];
	if (wanted.length === 0) return chats;
	const contacts =
		wanted.length <= ONE_BY_ONE_MAX
			? await contactsOneByOne(wanted, transport)
			: await allContacts(transport);
	const byId = new Map(contacts.map((c) => [c.id, c]));
	return chats.map((chat) => {
		const contact = byId.get(contactIdOf(chat) ?? '');
		if (!contact) return chat;
		const name = chat.value.name ?? contact.name;
		return { ...chat, value: { ...chat.value, name, phone: contact.phone, chatId: contact.phone } };
	});
}
