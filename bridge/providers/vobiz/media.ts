import type { ProviderMedia } from '../../media/types';
import { identity } from './identity';

/**
 * §2.4.2 [INF]: a history message's `content` holds the send `media` object, a `link` or only a Meta media
 * id; §2.5: inbound webhooks carry only the Meta id. [ASSUMPTION] a link on the Vobiz API host wants the
 * X-Auth headers; a link elsewhere is fetched without them.
 */
export const media: ProviderMedia = {
	credentialOnOwnHost: true,
	retention: null,
	missingLink: `${identity.displayName} gave only a Meta media id, and documents no endpoint to download it by id. WhatsApp Messages may have a link for the same message in its history.`,
};
