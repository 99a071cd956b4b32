import type { ProviderAdapter } from '../types';
import { history } from './history';
import { identity } from './identity';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** The generic "/api/whatsapp" inbox API (docs/providers.md §4). */
export const inbox: ProviderAdapter = { ...identity, history, sending, webhooks, media };
