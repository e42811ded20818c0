/**
 * Does a delivery come from the API? HMAC (SHA-256 or SHA-1) over the raw body, or over
 * "<timestamp>.<raw body>", compared with the signature header in constant time; or a shared token
 * in a header. Pure: no n8n, no clock.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookSignatureDefinition } from '../definition/types';

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface SignedDelivery {
	/** The body exactly as received: signatures are over bytes, not over re-serialized JSON. */
	rawBody: Buffer;
	/** A header's value by name, case-insensitively (undefined when absent). */
	header(name: string): string | undefined;
}

type HmacScheme = Extract<WebhookSignatureDefinition, { type: 'hmac' }>;

function hmacDigest(scheme: HmacScheme, secret: string, rawBody: Buffer, timestamp: string | undefined): Buffer {
	const hmac = createHmac(scheme.algorithm, secret);
	if (scheme.signedContent === 'timestamp.body') hmac.update(`${timestamp ?? ''}.`);
	return hmac.update(rawBody).digest();
}

/** The signature an API computes for this delivery, as it writes it into the header. */
export function computeSignature(scheme: HmacScheme, secret: string, rawBody: Buffer, timestamp?: string): string {
	return `${scheme.prefix}${hmacDigest(scheme, secret, rawBody, timestamp).toString(scheme.encoding)}`;
}

/** Equal in constant time; hashing first keeps the comparison from revealing the length. */
function sameText(a: string, b: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(a), digest(b));
}

function decoded(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
	const valid = encoding === 'hex' ? /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 : /^[A-Za-z0-9+/]+={0,2}$/.test(text);
	return valid ? Buffer.from(text, encoding) : undefined;
}

export function verifySignature(
	scheme: WebhookSignatureDefinition,
	delivery: SignedDelivery,
	secret: string | undefined,
	timestamp?: string,
): Verdict {
	if (scheme.type === 'none') return { ok: true };
	// A missing secret is a configuration problem, but accepting unsigned events would be worse.
	if (!secret) return { ok: false, reason: 'no signing secret is configured for this trigger' };
	const given = delivery.header(scheme.header)?.trim();
	if (!given) return { ok: false, reason: `the ${scheme.header} header is missing` };
	if (scheme.type === 'token') {
		return sameText(given, secret) ? { ok: true } : { ok: false, reason: `the ${scheme.header} header does not match` };
	}
	const mismatch: Verdict = { ok: false, reason: `the ${scheme.header} signature does not match` };
	if (!given.toLowerCase().startsWith(scheme.prefix.toLowerCase())) return mismatch;
	const received = decoded(given.slice(scheme.prefix.length), scheme.encoding);
	const digest = hmacDigest(scheme, secret, delivery.rawBody, timestamp);
	if (!received || received.length !== digest.length) return mismatch;
	return timingSafeEqual(received, digest) ? { ok: true } : mismatch;
}
