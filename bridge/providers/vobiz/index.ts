import type { ProviderAdapter } from '../types';
import { history } from './history';
import { identity } from './identity';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** Vobiz, a WhatsApp Cloud API reseller (docs/providers.md §2). */
export const vobiz: ProviderAdapter = { ...identity, history, sending, webhooks, media };
