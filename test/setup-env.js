// n8n-core's logger and error reporter stay quiet in tests (docs/toolchain.md, engine tests).
process.env.N8N_LOG_LEVEL = 'silent';
