/** File names and MIME types of media to send, for providers that require them (Noxivo, docs/providers.md §1.4.6). */

const MIME_BY_EXTENSION: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	mp4: 'video/mp4',
	'3gp': 'video/3gpp',
	'3gpp': 'video/3gpp',
	avi: 'video/x-msvideo',
	mov: 'video/quicktime',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	opus: 'audio/ogg',
	amr: 'audio/amr',
	aac: 'audio/aac',
	m4a: 'audio/mp4',
	wav: 'audio/wav',
	pdf: 'application/pdf',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ppt: 'application/vnd.ms-powerpoint',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	txt: 'text/plain',
	csv: 'text/csv',
	zip: 'application/zip',
	rar: 'application/vnd.rar',
};

/** The last path segment of a URL when it looks like a file name (`invoice.pdf`), else null. */
export function fileNameOfUrl(url: string): string | null {
	let path: string;
	try {
		path = new URL(url).pathname;
	} catch {
		return null;
	}
	const last = decodeURIComponent(path.split('/').pop() ?? '');
	return /^[^.]+.*\.[A-Za-z0-9]{1,5}$/.test(last) ? last : null;
}

/** The MIME type a file name's extension stands for, or null when it is unknown. */
export function mimeTypeOfFileName(fileName: string | null): string | null {
	const extension = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
	return extension && Object.hasOwn(MIME_BY_EXTENSION, extension)
		? MIME_BY_EXTENSION[extension]
		: null;
}

/** The usual extension of a MIME type (`jpg` for image/jpeg), or null when it is unknown. */
export function extensionOfMimeType(mimeType: string | null): string | null {
	const wanted = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	return (
		Object.keys(MIME_BY_EXTENSION).find((extension) => MIME_BY_EXTENSION[extension] === wanted) ??
		null
	);
}
