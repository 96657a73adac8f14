// parseWith narrows an object schema to the fields an input has; it must answer exactly as the whole schema.
const path = require('node:path');
const { z } = require('zod');

const { parseWith, FieldError } = require(path.resolve(__dirname, '../../dist/nodes/shared/common/validation'));

const schema = z
	.object({
		token: z.string().min(1, 'Token is required'),
		url: z.string().url('URL must be a URL').optional(),
		count: z.number().int('Count must be whole').optional(),
		channel: z.string().default('email'),
		note: z.preprocess((value) => (value === undefined ? 'none' : value), z.string()),
		title: z.string().optional(),
	})
	.passthrough();

const outcome = (run) => {
	try {
		return { data: run() };
	} catch (error) {
		return { field: error instanceof FieldError ? error.field : 'not a FieldError', message: error.message };
	}
};

describe('parseWith', () => {
	test.each([
		[{ token: 't' }],
		[{ token: 't', url: 'https://example.com', extra: 1 }],
		[{ token: 't', count: 2, title: 'x', channel: 'sms', note: 'n' }],
		[{ token: 't', url: undefined }],
		[{ url: 'not a url', count: 1.5 }],
		[{ token: '', count: 1.5 }],
		[{ token: 't', count: 'two' }],
		[{}],
	])('gives the whole schema\'s data or first issue for %j, key order included', (input) => {
		const whole = schema.safeParse(input);
		const expected = whole.success ? { data: whole.data } : { field: String(whole.error.issues[0].path[0]), message: whole.error.issues[0].message };
		const got = outcome(() => parseWith(schema, input, (issuePath) => String(issuePath[0])));
		expect(got).toEqual(expected);
		if (got.data) expect(Object.keys(got.data)).toEqual(Object.keys(expected.data));
	});
});
