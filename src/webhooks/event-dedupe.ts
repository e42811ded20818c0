/**
 * At most one execution per event id: APIs deliver at least once and retry when an answer is late,
 * so the same event can arrive twice. Ids are remembered for a window (and at most `cap` of them,
 * oldest forgotten first), in the trigger's workflow static data. Pure: the caller passes the clock
 * and stores the returned state.
 */
export const DEFAULT_EVENT_ID_CAP = 10000;

export interface EventIdState {
	/** [event id, first seen at ms], oldest first. */
	seen: Array<[string, number]>;
}

export function emptyEventIdState(): EventIdState {
	return { seen: [] };
}

/** Whether `id` was seen within the window, and the state with expired ids dropped and `id` added. */
export function rememberEventId(
	state: EventIdState | undefined,
	id: string,
	nowMs: number,
	windowMs: number,
	cap = DEFAULT_EVENT_ID_CAP,
): { duplicate: boolean; state: EventIdState } {
	const live = (state?.seen ?? []).filter(([, at]) => nowMs - at < windowMs);
	if (live.some(([seenId]) => seenId === id)) return { duplicate: true, state: { seen: live } };
	const seen: Array<[string, number]> = [...live, [id, nowMs]];
	return { duplicate: false, state: { seen: seen.slice(Math.max(0, seen.length - cap)) } };
}
