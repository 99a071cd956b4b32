import type { ProviderAdapter } from '../types';
import { history } from './history';
import { identity } from './identity';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** 99digital (docs/providers.md §3). */
export const digital99: ProviderAdapter = { ...identity, history, sending, webhooks, media };
