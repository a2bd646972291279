/**
 * What a browser gets on GET /graphql. Apollo's default landing page loads Sandbox from a CDN
 * this machine (and many secure networks) cannot reach, so we serve a small offline page that
 * says how to query, with a form that posts a query to the endpoint itself.
 */
export function landingPage(endpoint: string): string {
  const example = `{
  activities(where: { agreement: { some: { id: { eq: "lancashire-csa-2014-2016" } } } }, sort: [{ number: ASC }], limit: 3) {
    id
    number
    name
    contributesTo { id name }
  }
}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Golden Thread GraphQL API</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #111; background: #fff; }
  textarea, pre { width: 100%; box-sizing: border-box; font: 14px/1.4 ui-monospace, monospace; }
  textarea { min-height: 14rem; }
  pre { background: #f3f3f3; padding: .75rem; overflow: auto; min-height: 6rem; }
  button { font-size: 1rem; padding: .4rem 1rem; }
  code { background: #f3f3f3; padding: 0 .2rem; }
</style>
</head>
<body>
<h1>Golden Thread GraphQL API</h1>
<p>The graph of community-safety legislation, duties, national strategies and local agreements.
POST GraphQL to <code>${endpoint}</code> with <code>Content-Type: application/json</code>, for example:</p>
<pre>curl -s ${endpoint} -H 'content-type: application/json' \\
  -d '{"query":"{ agreements { id name } }"}'</pre>
<p>Or run a query here (the schema is introspectable; <code>/explorer</code> has the full explorer where installed).</p>
<form id="f">
<label for="q">Query</label>
<textarea id="q" name="q">${example}</textarea>
<p><button type="submit">Run</button></p>
</form>
<h2>Answer</h2>
<pre id="out" aria-live="polite"></pre>
<script>
document.getElementById('f').addEventListener('submit', async (event) => {
  event.preventDefault();
  const out = document.getElementById('out');
  out.textContent = 'Running...';
  const response = await fetch(${JSON.stringify(endpoint)}, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document.getElementById('q').value }),
  });
  out.textContent = JSON.stringify(await response.json(), null, 2);
});
</script>
</body>
</html>`;
}
