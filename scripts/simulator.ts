/**
 * `npm run simulator`: the provider simulator on loopback until Ctrl+C. Prints each provider's base URL and
 * a credential that works against it.
 *
 *   npm run simulator -- --chats 10 --messages 2000 --seed 7 --port 4100 --latency 50 --status-step 1000
 *   --port N       first port (noxivo N, vobiz N+1, 99digital N+2, inbox N+3); 0 = free ports. Default 4100.
 *   --webhook URL  send every provider's webhooks to URL (Vobiz: a subscription with secret "simulator-secret").
 */
import {
	startSimulator,
	PROVIDER_NAMES,
	type ProviderName,
	type SimulatorOptions,
} from '../test/simulator';

const HELP = `Options: --seed N  --chats N  --messages N  --port N (0 = free ports)  --latency MS  --status-step MS (0 = manual)  --webhook URL`;
const WEBHOOK_SECRET = 'simulator-secret';

function parseArgs(argv: string[]): Record<string, string> {
	const args: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const key = argv[i];
		if (key === '--help' || key === '-h') {
			console.log(HELP);
			process.exit(0);
		}
		if (!key.startsWith('--') || argv[i + 1] === undefined)
			throw new Error(`Unexpected argument "${key}". ${HELP}`);
		args[key.slice(2)] = argv[++i];
	}
	return args;
}

function whole(args: Record<string, string>, name: string, fallback: number): number {
	if (args[name] === undefined) return fallback;
	const value = Number(args[name]);
	if (!Number.isInteger(value) || value < 0)
		throw new Error(`--${name} must be a whole number, not "${args[name]}"`);
	return value;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const port = whole(args, 'port', 4100);
	const statusStep = whole(args, 'status-step', 2000);
	const webhook = args.webhook;
	const options: SimulatorOptions = {
		seed: {
			seed: whole(args, 'seed', 1),
			chats: whole(args, 'chats', 6),
			messagesPerChat: whole(args, 'messages', 240),
		},
		ports: Object.fromEntries(
			PROVIDER_NAMES.map((name, i) => [name, port === 0 ? 0 : port + i]),
		) as Record<ProviderName, number>,
		latencyMs: whole(args, 'latency', 0),
		statusStepMs: statusStep === 0 ? null : statusStep,
		...(webhook
			? {
					noxivo: { webhookUrl: webhook },
					vobiz: { webhooks: [{ url: webhook, secret: WEBHOOK_SECRET }] },
					digital99: { webhook: { url: webhook, readStatus: 1, retry: 1 } },
					inbox: { webhook: { url: webhook, secret: WEBHOOK_SECRET } },
				}
			: {}),
	};
	const sim = await startSimulator(options);
	console.log('WhatsApp provider simulator (docs/providers.md), loopback only. Ctrl+C stops it.\n');
	for (const name of PROVIDER_NAMES) {
		const { type, data } = sim.credentials(name);
		console.log(`${name.padEnd(9)} ${sim.baseUrl(name)}`);
		console.log(`          credential ${type}: ${JSON.stringify(data)}`);
		console.log(
			`          e.g. conversation ${sim.provider(name).conversationId(sim.provider(name).conversationFor())}`,
		);
	}
	console.log(
		`\nNoxivo master key (needs agencyId=${sim.noxivo.agencyId} and tenantId=${sim.noxivo.tenantId}): ${sim.noxivo.masterKey}`,
	);
	console.log(`Vobiz also takes "Authorization: Bearer ${sim.vobiz.bearerJwt}"`);
	if (webhook)
		console.log(
			`Webhooks go to ${webhook} (Vobiz and inbox signed with secret "${WEBHOOK_SECRET}")`,
		);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping after ${sim.requests().length} requests.`);
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(
		`Simulator failed to start: ${error instanceof Error ? error.message : String(error)}`,
	);
	process.exit(1);
});
