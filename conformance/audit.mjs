// Runs graphql-http's auditServer against URL and prints one JSON object:
// {"results": [{"id", "name", "status", "reason"}...]}. Exit code 0 always: the
// Python test decides what fails (any MUST is fatal; SHOULD/MAY are reported).
// With AUDIT_BEARER set, every request carries "Authorization: Bearer $AUDIT_BEARER"
// (a production server refuses anonymous reads).
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}
const bearer = process.env.AUDIT_BEARER;
const fetchFn = bearer
  ? (input, init = {}) => {
      const headers = new Headers(init.headers || {});
      headers.set('authorization', `Bearer ${bearer}`);
      return fetch(input, { ...init, headers });
    }
  : undefined;
const results = await auditServer({ url, ...(fetchFn ? { fetchFn } : {}) });
const out = [];
for (const r of results) {
  let reason = null;
  if (r.status !== 'ok') {
    reason = r.reason;
    if (r.response) {
      try { reason += ' | ' + r.response.status + ' ' + (await r.response.text()).slice(0, 300); } catch {}
    }
  }
  out.push({ id: r.id, name: r.name, status: r.status, reason });
}
console.log(JSON.stringify({ results: out }));
