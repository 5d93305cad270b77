// Runs graphql-http's GraphQL-over-HTTP server audits against a live server and prints one JSON
// line per audit: {"id", "name", "status": "ok" | "notice" | "warn" | "error", "reason"}.
// Usage: node audit.mjs http://127.0.0.1:PORT/graphql  (tests/test_graphql_http_audit.py runs it)
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url, fetchFn: fetch });
for (const result of results) {
  console.log(JSON.stringify({
    id: result.id, name: result.name, status: result.status, reason: result.reason ?? null,
  }));
}
