/**
 * Where a text holds a secret, named by label, for failure messages that locate a leak without
 * showing the secret: "API key (URL-encoded): …"error":"Bad key <API key> sent"…". Forms are
 * derived here, independently of the redactor under test: raw, URL-encoded, base64 and base64url,
 * and base64(user:secret) for pairs sent as Basic.
 */
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '');

function formsOf(secrets: Record<string, string>, pairs: Record<string, [string, string]>): Array<{ label: string; form: string; text: string }> {
	const forms = Object.entries(secrets).flatMap(([label, value]) => [
		{ label, form: 'raw', text: value },
		{ label, form: 'URL-encoded', text: encodeURIComponent(value) },
		{ label, form: 'base64', text: base64(value) },
		{ label, form: 'base64url', text: base64(value).replace(/\+/g, '-').replace(/\//g, '_') },
	]);
	for (const [label, [user, secret]] of Object.entries(pairs)) forms.push({ label, form: 'base64(user:secret)', text: base64(`${user}:${secret}`) });
	return forms.filter((form, index) => forms.findIndex((other) => other.text === form.text) === index);
}

export function leaksIn(text: string, secrets: Record<string, string>, pairs: Record<string, [string, string]> = {}): string[] {
	const forms = formsOf(secrets, pairs);
	const hide = (excerpt: string): string => forms.reduce((result, form) => result.split(form.text).join(`<${form.label}>`), excerpt);
	const found: string[] = [];
	for (const form of forms) {
		const at = text.indexOf(form.text);
		if (at === -1) continue;
		const excerpt = text.slice(Math.max(0, at - 60), at + form.text.length + 60);
		found.push(`${form.label} (${form.form}): …${hide(excerpt)}…`);
	}
	return found;
}
