// JSON Schema (draft 2020-12) validation with ajv, the reference validator: the documented schema is checked
// as a schema (strict mode refuses unknown keywords) and status --json output is checked against it.
import { Ajv2020 } from 'ajv/dist/2020.js';
const ajv = new Ajv2020({ strict: true, allErrors: true });
const compiled = new Map();
/** Every violation of `schema` by `value`, as "path: message" lines; empty when it conforms. */
export function validate(schema, value) {
    const key = JSON.stringify(schema);
    const check = compiled.get(key) ?? ajv.compile(schema);
    compiled.set(key, check);
    if (check(value))
        return [];
    return (check.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
