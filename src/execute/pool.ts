/**
 * Runs `task` for indexes 0..count-1 with at most `concurrency` in flight, and returns the results in
 * index order whatever order they finished in, so output order and pairing match a sequential run.
 * A failed task's error is kept at its index; indexes never started (after a failure with
 * stopOnError) are undefined.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function runPool<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
	/** Start no further tasks after a failure (what a sequential run that throws would do). */
	stopOnError = false,
): Promise<Array<Settled<T> | undefined>> {
	const results = new Array<Settled<T> | undefined>(count);
	let next = 0;
	let failed = false;
	const worker = async (): Promise<void> => {
		while (next < count && !(stopOnError && failed)) {
			const index = next++;
			try {
				results[index] = { ok: true, value: await task(index) };
			} catch (error) {
				failed = true;
				results[index] = { ok: false, error };
			}
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, count));
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}
