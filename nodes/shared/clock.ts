/**
 * The clock the nodes read and wait with: real time and n8n's `sleep`. Rate-limit spacing, backoff
 * and Retry-After waits all go through it, so tests replace it with a virtual clock and check the
 * waits exactly, independent of how busy the machine is.
 */
import { sleep } from 'n8n-workflow';
import type { Clock } from '../../src/execute/rate-limit';

export const nodeClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms: number) => await sleep(ms),
};
