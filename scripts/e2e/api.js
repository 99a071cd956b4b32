'use strict';
/*
 * Clients for a running n8n: its internal REST API (/rest, /types; the editor's, authenticated by the
 * n8n-auth cookie) and its public API (/api/v1, X-N8N-API-KEY). Node 20's global fetch.
 */

const path = require('node:path');

const { sleep } = require('./processes');
const setup = require('./setup');

async function httpJson(method, url, { headers = {}, body, expect } = {}) {
	const init = { method, headers: { accept: 'application/json', ...headers }, redirect: 'manual' };
	if (body !== undefined) {
		init.body = typeof body === 'string' ? body : JSON.stringify(body);
		init.headers['content-type'] = init.headers['content-type'] || 'application/json';
	}
	const response = await fetch(url, init);
	const text = await response.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	const result = { status: response.status, headers: response.headers, text, json };
	if (
		expect !== undefined &&
		!(Array.isArray(expect) ? expect : [expect]).includes(response.status)
	) {
		throw new Error(
			`${method} ${url} -> ${response.status}, expected ${expect}: ${text.slice(0, 600)}`,
		);
	}
	return result;
}

/** A client for n8n's internal REST API (/rest/..., /types/...), authenticated by the n8n-auth cookie. */
class RestClient {
	constructor(baseUrl, cookie) {
		this.baseUrl = baseUrl;
		this.cookie = cookie;
	}

	request(method, route, options = {}) {
		return httpJson(method, `${this.baseUrl}${route}`, {
			...options,
			headers: { cookie: this.cookie, ...(options.headers || {}) },
		});
	}

	async data(method, route, body) {
		const response = await this.request(method, route, { body, expect: 200 });
		return response.json?.data ?? response.json;
	}

	/** GET /types/nodes.json: every node type description the editor gets (~18 MB). */
	async nodeTypes() {
		return (await this.request('GET', '/types/nodes.json', { expect: 200 })).json;
	}

	/** GET /types/credentials.json: every credential type description. */
	async credentialTypes() {
		return (await this.request('GET', '/types/credentials.json', { expect: 200 })).json;
	}

	createCredential({ name, type, data }) {
		return this.data('POST', '/rest/credentials', { name, type, data });
	}

	listCredentials() {
		return this.data('GET', '/rest/credentials');
	}

	/** "Test credential" as the editor does it: POST /rest/credentials/test -> { status: 'OK'|'Error', message }. */
	testCredential({ id, name = '', type, data }) {
		return this.data('POST', '/rest/credentials/test', { credentials: { id, name, type, data } });
	}

	createWorkflow(workflow) {
		const { id: _ignored, active: _active, ...body } = workflow;
		return this.data('POST', '/rest/workflows', body);
	}

	getWorkflow(id) {
		return this.data('GET', `/rest/workflows/${encodeURIComponent(id)}`);
	}

	/**
	 * n8n 2.x "publish": POST /rest/workflows/:id/activate with the current versionId. The call only queues
	 * the publication (an outbox): the triggers/webhooks are registered a moment later, and a trigger whose
	 * activation fails does NOT fail this call. With `wait` (default) it then waits for waitForPublication
	 * and throws when a trigger failed. Returns the workflow with `publication` added.
	 */
	async activateWorkflow(id, { wait = true, timeoutMs } = {}) {
		const { versionId } = await this.getWorkflow(id);
		const workflow = await this.data('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, {
			versionId,
		});
		if (!wait) return workflow;
		const publication = await this.waitForPublication(id, { timeoutMs });
		if (publication.status !== 'published') {
			throw new Error(
				`workflow ${id} was activated but its publication is "${publication.status}": ${JSON.stringify(publication.triggers)}`,
			);
		}
		return { ...workflow, publication };
	}

	/** GET /rest/workflows/:id/publication-status: { status, liveVersionId, pendingVersionId, triggers: [{ nodeId, status, errorMessage }] }. */
	publicationStatus(id) {
		return this.data('GET', `/rest/workflows/${encodeURIComponent(id)}/publication-status`);
	}

	/**
	 * Polls publication-status until it settles: 'published' (every trigger/webhook registered), 'partial' or
	 * 'failed' (triggers[].errorMessage says why, e.g. a trigger's webhookMethods.create threw).
	 */
	async waitForPublication(id, { timeoutMs = 20000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const publication = await this.publicationStatus(id);
			if (['published', 'partial', 'failed'].includes(publication.status)) return publication;
			if (Date.now() > deadline)
				throw new Error(
					`workflow ${id}: publication still "${publication.status}" after ${timeoutMs} ms`,
				);
			await sleep(100);
		}
	}

	/** GET /rest/active-workflows/error/:id: the last activation error n8n recorded for a workflow, if any. */
	activationError(id) {
		return this.data('GET', `/rest/active-workflows/error/${encodeURIComponent(id)}`);
	}

	async deactivateWorkflow(id) {
		return this.data('POST', `/rest/workflows/${encodeURIComponent(id)}/deactivate`, {});
	}

	/**
	 * The editor's "Execute workflow": POST /rest/workflows/:id/run { triggerToStartFrom: { name } } on the
	 * saved workflow, then waits for the execution to finish and returns it with `data` decoded. Much faster
	 * than `n8n execute` (no new process) but needs a running server.
	 */
	async runManually(id, { trigger = 'Start', timeoutMs = 60000 } = {}) {
		const started = await this.data('POST', `/rest/workflows/${encodeURIComponent(id)}/run`, {
			triggerToStartFrom: { name: trigger },
		});
		if (!started?.executionId)
			throw new Error(
				`POST /rest/workflows/${id}/run started no execution: ${JSON.stringify(started)}`,
			);
		return this.waitForExecution(started.executionId, { timeoutMs });
	}

	/** Polls GET /rest/executions/:id until it is finished (status other than new/running/waiting). */
	async waitForExecution(executionId, { timeoutMs = 60000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await this.request(
				'GET',
				`/rest/executions/${encodeURIComponent(executionId)}`,
			);
			const execution = response.status === 200 ? response.json?.data : undefined;
			if (execution && !['new', 'running', 'waiting'].includes(execution.status)) {
				if (typeof execution.data === 'string') execution.data = unflatten(execution.data);
				return execution;
			}
			if (Date.now() > deadline)
				throw new Error(
					`execution ${executionId} not finished after ${timeoutMs} ms (${execution?.status ?? response.status})`,
				);
			await sleep(150);
		}
	}

	/**
	 * GET /rest/executions?filter={"workflowId":..}: summaries, newest first. The full run is in
	 * getExecution(id).data, which the internal API returns `flatted`-encoded; getExecution decodes it.
	 */
	async listExecutions({ workflowId, limit = 50 } = {}) {
		const filter = workflowId
			? `&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`
			: '';
		const data = await this.data('GET', `/rest/executions?limit=${limit}${filter}`);
		return data.results;
	}

	async getExecution(id) {
		const execution = await this.data('GET', `/rest/executions/${encodeURIComponent(id)}`);
		if (typeof execution.data === 'string') execution.data = unflatten(execution.data);
		return execution;
	}

	/** POST /rest/api-keys with every scope the instance offers; returns a PublicApiClient. */
	async createApiKey(label = 'e2e') {
		const scopes = await this.data('GET', '/rest/api-keys/scopes');
		const key = await this.data('POST', '/rest/api-keys', { label, scopes, expiresAt: null });
		return new PublicApiClient(this.baseUrl, key.rawApiKey);
	}
}

/** n8n's public API (/api/v1), authenticated by an API key (X-N8N-API-KEY). Plain JSON everywhere. */
class PublicApiClient {
	constructor(baseUrl, apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	request(method, route, options = {}) {
		return httpJson(method, `${this.baseUrl}/api/v1${route}`, {
			...options,
			headers: { 'x-n8n-api-key': this.apiKey, ...(options.headers || {}) },
		});
	}

	async json(method, route, body) {
		return (await this.request(method, route, { body, expect: 200 })).json;
	}

	/** GET /api/v1/executions?workflowId=&includeData=: executions newest first, `data` as plain JSON. */
	async listExecutions({ workflowId, includeData = true, status, limit = 100 } = {}) {
		const query = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
		if (workflowId) query.set('workflowId', workflowId);
		if (status) query.set('status', status);
		return (await this.json('GET', `/executions?${query}`)).data;
	}

	getExecution(id, { includeData = true } = {}) {
		return this.json('GET', `/executions/${encodeURIComponent(id)}?includeData=${includeData}`);
	}

	activateWorkflow(id) {
		return this.json('POST', `/workflows/${encodeURIComponent(id)}/activate`);
	}

	deactivateWorkflow(id) {
		return this.json('POST', `/workflows/${encodeURIComponent(id)}/deactivate`);
	}

	createWorkflow(workflow) {
		const { id: _ignored, active: _active, ...body } = workflow;
		return this.json('POST', '/workflows', { settings: {}, ...body });
	}

	createCredential({ name, type, data }) {
		return this.json('POST', '/credentials', { name, type, data });
	}
}

/** Decodes the `flatted` format the internal REST API stores execution data in (n8n ships `flatted`). */
function unflatten(text) {
	const { n8nDir } = setup.paths();
	const flatted = require(
		require.resolve('flatted', { paths: [path.join(n8nDir, 'node_modules', 'n8n')] }),
	);
	return flatted.parse(text);
}

module.exports = { httpJson, RestClient, PublicApiClient, unflatten };
