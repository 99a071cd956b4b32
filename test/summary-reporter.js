// Prints one plain closing line ("tests: N passed, N failed") that CI can read whatever the runner.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const suiteErrors = results.numRuntimeErrorTestSuites;
		process.stdout.write(
			`tests: ${results.numPassedTests} passed, ${results.numFailedTests + suiteErrors} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
		);
	}
}
module.exports = SummaryReporter;
