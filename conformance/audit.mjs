// Runs graphql-http's auditServer against URL and prints one JSON object:
// {"results": [{"id", "name", "status", "reason"}...]}. Exit code 0 always: the
// Python test decides what fails (any MUST is fatal; SHOULD/MAY are reported).
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
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
