// package.json "main" points here; n8n loads the nodes and credentials from the "n8n" section, so nothing is exported.
module.exports = {};
