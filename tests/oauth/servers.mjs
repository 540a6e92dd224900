// The test's real parts besides Radicale: an OAuth 2.0 authorization server (oidc-provider,
// with device flow, refresh-token rotation, short-lived access tokens, revocation and
// introspection) and a front that checks each bearer token at the introspection endpoint
// before passing the request to Radicale as `X-Remote-User` (what nginx's auth_request
// would do). Prints "READY <issuer> <front>" once both listen on 127.0.0.1.
//
// Usage: node servers.mjs RADICALE_PORT ACCESS_TOKEN_SECONDS
// The front's test hooks: POST /__fail?status=S&retry_after=N&n=K answers the next K requests
// with S; POST /__stall?after=K&ms=M holds the request after the next K for M ms before
// checking its token (long enough, and a short-lived token expires on the way); GET /__seen lists the bearer tokens it saw.
import http from 'node:http';
import Provider from 'oidc-provider';

const radicalePort = Number(process.argv[2]);
const accessSeconds = Number(process.argv[3] || 60);

const listen = (server) => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server.address().port)));

const opServer = http.createServer();
const opPort = await listen(opServer);
const issuer = `http://127.0.0.1:${opPort}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'tempo',
      token_endpoint_auth_method: 'none',
      grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
    {
      // A native app signing in through the browser: any port on 127.0.0.1 (RFC 8252).
      client_id: 'tempo-native',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/'],
    },
    {
      client_id: 'front',
      client_secret: 'front-secret',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ],
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
  },
  scopes: ['openid', 'offline_access', 'calendar'],
  issueRefreshToken: () => true,
  rotateRefreshToken: true,
  ttl: {
    AccessToken: accessSeconds,
    DeviceCode: 120,
    RefreshToken: 3600,
    Grant: 3600,
    Session: 3600,
    Interaction: 600,
  },
  findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
});
// The device grant's polling interval (RFC 8628 says 5 s when not given): short for tests.
provider.on('device_authorization.success', (ctx) => { ctx.body.interval = 1; });
opServer.on('request', provider.callback());

const seen = new Set();
let failNext = { n: 0, status: 0, retryAfter: null };
let stall = { after: -1, ms: 0 };

const form = (o) => new URLSearchParams(o).toString();
const post = (path, body, headers = {}) => fetch(`${issuer}${path}`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: form(body),
});

async function user(token) {
  const basic = Buffer.from('front:front-secret').toString('base64');
  const r = await post('/token/introspection', { token }, { authorization: `Basic ${basic}` });
  const j = await r.json();
  return j.active ? j.sub : null;
}

const front = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/__fail') {
    failNext = { n: Number(url.searchParams.get('n') || 1), status: Number(url.searchParams.get('status')), retryAfter: url.searchParams.get('retry_after') };
    return res.end('ok');
  }
  if (url.pathname === '/__stall') {
    stall = { after: Number(url.searchParams.get('after') || 0), ms: Number(url.searchParams.get('ms')) };
    return res.end('ok');
  }
  if (url.pathname === '/__seen') { return res.end(JSON.stringify([...seen])); }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (failNext.n > 0) {
    failNext.n -= 1;
    const h = failNext.retryAfter ? { 'retry-after': failNext.retryAfter } : {};
    res.writeHead(failNext.status, h);
    return res.end('slow down');
  }
  const auth = req.headers.authorization || '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : null;
  if (!token) {
    res.writeHead(401, { 'www-authenticate': 'Bearer' });
    return res.end();
  }
  seen.add(token);
  if (stall.after > 0) {
    stall.after -= 1;
  } else if (stall.after === 0) {
    stall.after = -1;
    await new Promise((ok) => setTimeout(ok, stall.ms));
  }
  const sub = await user(token);
  if (!sub) {
    res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
    return res.end();
  }
  const headers = { ...req.headers, 'x-remote-user': sub, 'content-length': body.length };
  delete headers.authorization;
  const up = http.request({ host: '127.0.0.1', port: radicalePort, method: req.method, path: req.url, headers }, (r) => {
    const h = { ...r.headers };
    if (h.location) h.location = h.location.replace(`127.0.0.1:${radicalePort}`, req.headers.host);
    res.writeHead(r.statusCode, h);
    r.pipe(res);
  });
  up.on('error', () => { res.writeHead(502); res.end(); });
  up.end(body);
});
const frontPort = await listen(front);
console.log(`READY ${issuer} http://127.0.0.1:${frontPort}/`);
