import type { ProviderAdapter } from '../types';
import { history } from './history';
import { identity } from './identity';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** Noxivo Engine, a WAHA wrapper (docs/providers.md §1). */
export const noxivo: ProviderAdapter = { ...identity, history, sending, webhooks, media };
