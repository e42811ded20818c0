/**
 * Local $ref resolution, lazily: a reference is followed when a walker reaches it, never expanded
 * in place, so circular schemas (a Tree whose children are Trees) cost nothing and GitHub's 10 MB
 * spec is not copied. Walkers that descend into schemas pass the chain of references they are
 * inside; meeting one again is a cycle and the walker stops there.
 */
import type { Json } from './load';

export class RefResolver {
	/** References that could not be followed (external files, missing targets), reported once each. */
	readonly unresolved = new Set<string>();

	constructor(private readonly document: Json) {}

	private pointer(ref: string): unknown {
		let node: unknown = this.document;
		for (const raw of ref.slice(2).split('/')) {
			let segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
			try {
				segment = decodeURIComponent(segment);
			} catch {
				// keep the segment as written
			}
			if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
			node = (node as Record<string, unknown>)[segment];
		}
		return node;
	}

	/**
	 * Follows $ref chains to the object they name. Returns the object (or undefined for a reference
	 * that cannot be followed) and the references passed on the way.
	 */
	follow(node: unknown): { value: Json | undefined; refs: string[] } {
		const refs: string[] = [];
		let current = node;
		while (current !== null && typeof current === 'object' && typeof (current as Json).$ref === 'string') {
			const ref = (current as Json).$ref as string;
			if (refs.includes(ref)) return { value: undefined, refs };
			refs.push(ref);
			if (ref === '#') current = this.document;
			else if (!ref.startsWith('#/')) {
				this.unresolved.add(ref);
				return { value: undefined, refs };
			} else {
				const target = this.pointer(ref);
				if (target === undefined) {
					this.unresolved.add(ref);
					return { value: undefined, refs };
				}
				current = target;
			}
		}
		return { value: current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Json) : undefined, refs };
	}

	resolve(node: unknown): Json | undefined {
		return this.follow(node).value;
	}
}
