/**
 * Where the validator's messages appear: each in the slot of the deepest field its JSON pointer
 * names, counted on the page's entry in the navigation, and listed at the top with a link to the
 * field. Only messages about fields a person touched show, until a save was tried.
 */
import { clear, h } from './dom.js';

/** Which of `problems` a person should see now: those of fields touched, or all after a save attempt. */
export function visible(state, problems) {
	if (state.showAll) return problems;
	return problems.filter((problem) => [...state.touched].some((touched) => problem.path === touched || problem.path.startsWith(`${touched}/`) || touched.startsWith(`${problem.path}/`)));
}

/** The problem display of one editor; `goTo(path)` opens the field of a listed problem, `after()` runs after each update. */
export function problemView({ state, form, summary, nav, goTo, after }) {
	const local = () => [...state.syntax].map(([path, message]) => ({ path, message }));

	function slotFor(path) {
		let at = path;
		for (;;) {
			const slot = form.slots.get(at);
			if (slot) return slot;
			if (!at) return undefined;
			at = at.slice(0, at.lastIndexOf('/'));
		}
	}

	let summaryKey = '';
	function renderSummary(shown) {
		// Unchanged problems keep their elements: re-creating them under a click would swallow it.
		const key = `${state.view}|${state.showAll}|${JSON.stringify(shown)}`;
		if (key === summaryKey) return;
		summaryKey = key;
		if (!shown.length || state.view === 'json') return clear(summary);
		clear(
			summary,
			h(
				'details',
				{ class: 'problems-summary', open: state.showAll },
				h('summary', {}, `${shown.length} problem${shown.length === 1 ? '' : 's'} to fix`),
				h(
					'ul',
					{},
					shown.map((problem) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => goTo(problem.path) }, problem.path), `: ${problem.message}`)),
				),
			),
		);
	}

	function renderNavCounts(shown) {
		for (const item of nav.querySelectorAll('.nav-item')) {
			const page = item.dataset.page;
			const count = shown.filter((problem) => {
				const match = /^\/endpoints\/(\d+)/.exec(problem.path);
				return page === 'connector' ? !match : match && match[1] === page;
			}).length;
			const badge = item.querySelector('.count');
			badge.textContent = count ? String(count) : '';
			badge.setAttribute('aria-label', count ? `${count} problems` : '');
		}
	}

	function show() {
		for (const { slot, control } of form.slots.values()) {
			slot.hidden = true;
			slot.textContent = '';
			control?.removeAttribute('aria-invalid');
		}
		const shown = [...visible(state, state.problems), ...local()];
		for (const problem of shown) {
			const slot = slotFor(problem.path === '/' ? '' : problem.path);
			if (!slot) continue;
			slot.slot.hidden = false;
			slot.slot.append(h('span', {}, problem.message));
			slot.control?.setAttribute('aria-invalid', 'true');
		}
		renderSummary(shown);
		renderNavCounts(shown);
		after();
	}

	return { show, slotFor };
}
