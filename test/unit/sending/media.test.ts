import { fileNameOfUrl, mimeTypeOfFileName } from '../../../bridge/sending/media';

describe('media names and types', () => {
	it.each([
		['https://example.com/invoice_101.pdf', 'invoice_101.pdf'],
		['https://example.com/a/b/photo.JPG?x=1#y', 'photo.JPG'],
		['https://example.com/My%20File.docx', 'My File.docx'],
		['https://example.com/download?id=7', null],
		['https://example.com/', null],
		['https://example.com/.hidden', null],
	])('%s is named %s', (url, name) => {
		expect(fileNameOfUrl(url)).toBe(name);
	});

	it.each([
		['photo.JPG', 'image/jpeg'],
		['note.ogg', 'audio/ogg'],
		['clip.mp4', 'video/mp4'],
		['invoice.pdf', 'application/pdf'],
		['archive.tar.xyz', null],
		['x.constructor', null],
		['x.__proto__', null],
		[null, null],
	])('%s is %s', (name, type) => {
		expect(mimeTypeOfFileName(name)).toBe(type);
	});
});
