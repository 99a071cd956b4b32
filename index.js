// Kept at the top level as docs/contract.md lists it; n8n loads the nodes and credentials from package.json's "n8n" block,
// and the published tarball holds only dist/ (so package.json has no "main").
module.exports = {};
