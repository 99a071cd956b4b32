import type { ProviderMedia } from '../../media/types';
import { identity } from './identity';

/**
 * §3.3.1, §3.4: the link is the message body, a public file link (`…/whatsapp/myfile/…`); the credential
 * travels in POST bodies only, so a GET of a file never carries it. Links expire after 7 days.
 */
export const media: ProviderMedia = {
	credentialOnOwnHost: false,
	retention: `${identity.displayName} keeps media files for 7 days (docs/providers.md §3.3.1): download them when the message arrives, e.g. with Download Media on the WhatsApp Trigger`,
	missingLink: `${identity.displayName} sent no link in the message body.`,
};
