const { src, dest } = require('gulp');

/** Node and credential icons are not TypeScript, so tsc leaves them out of dist/: copy them, keeping the folders. */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false, // gulp 5 reads files as UTF-8 by default, which would corrupt PNGs
		allowEmpty: true,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
