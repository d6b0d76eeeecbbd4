// Keymint's cross-origin proxy: cors-anywhere (npm, 0.4.4, unmodified) locked down to what the page sends.
//
//   npm install cors-anywhere@0.4.4
//   KEYMINT_PAGE_ORIGIN=https://keymint.example.com node server.js
//
// Environment: KEYMINT_PAGE_ORIGIN (required: the page's origin, the only one served), PORT (8081),
// HOST (127.0.0.1), KEYMINT_OPS_MANAGER_URL (an Ops Manager to allow besides Atlas and Atlas for
// Government), KEYMINT_TLS_CERT and KEYMINT_TLS_KEY (PEM files: serve HTTPS itself, so the rate limit sees
// the clients' own addresses). The page's config.json then says "proxy": "https://<this host>/".
// The end-to-end tests run this file (tests/proxies/cors-anywhere.js), with the emulator as destination.
'use strict';

// Where requests may go: Atlas and Atlas for Government, plus a configured Ops Manager.
const ATLAS = ['https://cloud.mongodb.com', 'https://cloud.mongodbgov.com'];

// The calls the page makes, by method and path (the same list as deploy/nginx/keymint-http.conf); IDs are
// 24 lower-case hex characters, so no dot segment or encoded character can slip through.
const ID = '[0-9a-f]{24}';
const API = '/api/(?:atlas/v2|public/v1\\.0)';
const ROUTES = [
  ['GET', `${API}/groups`],                                   // Test connection (Digest challenge)
  ['POST', `${API}/groups/${ID}/apiKeys`],                    // create a project API key
  ['POST', '/api/oauth/token'],                               // service account: token
  ['POST', '/api/oauth/revoke'],                              // service account: revoke
  ['GET', `${API}/groups/${ID}`],                             // key lifecycle: the project,
  ['GET', `${API}/groups/${ID}/apiKeys`],                     // its keys,
  ['DELETE', `${API}/groups/${ID}/apiKeys/${ID}`],            // removing a key from the project
  ['DELETE', `${API}/orgs/${ID}/apiKeys/${ID}`],              // or the organization,
  ['GET', `${API}/orgs/${ID}/apiKeys`],                       // the organization's keys,
  ['POST', `${API}/groups/${ID}/apiKeys/${ID}`],              // assigning one to the project,
  ['GET', `${API}/orgs/${ID}/apiKeys/${ID}/accessList`],      // its access list
  ['POST', `${API}/orgs/${ID}/apiKeys/${ID}/accessList`],
].map(([method, path]) => [method, new RegExp(`^${path}$`)]);

function routeAllowed(method, pathname) {
  return ROUTES.some(([m, re]) => m === method && re.test(pathname || ''));
}

// A token bucket per client address: `perSecond` on average, bursts of `burst` (nginx's limit_req).
function rateLimiter(perSecond, burst) {
  const buckets = new Map();
  return function allow(address) {
    const now = Date.now() / 1000;
    const b = buckets.get(address) || { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perSecond);
    b.at = now;
    buckets.set(address, b);
    if (buckets.size > 10000) buckets.clear(); // bounded memory under an address flood
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
}

// options: port, host, pageOrigin, destinations (origins as strings, or RegExps matching an origin),
// perSecond, burst, httpsOptions, corsAnywhere (the module; default require('cors-anywhere')).
function start(options) {
  const corsAnywhere = options.corsAnywhere || require('cors-anywhere');
  const allowRate = rateLimiter(options.perSecond || 2, options.burst || 40);
  const destinationAllowed = (origin) =>
    options.destinations.some((d) => (d instanceof RegExp ? d.test(origin) : d === origin));

  function refuse(req, res, status, message) {
    const headers = { 'content-type': 'text/plain' };
    if (req.headers.origin === options.pageOrigin) headers['access-control-allow-origin'] = options.pageOrigin;
    if (status === 429) headers['retry-after'] = '30';
    res.writeHead(status, headers);
    res.end(message + '\n');
    return true;
  }

  const server = corsAnywhere.createServer({
    originWhitelist: [options.pageOrigin],      // only the Keymint page may use this proxy
    requireHeader: ['origin'],                  // only browsers (they always send Origin cross-origin)
    // Nothing of the client's but what Atlas needs: no cookies, no forwarding headers of its own...
    removeHeaders: ['cookie', 'cookie2', 'forwarded', 'x-real-ip', 'x-forwarded-for', 'x-forwarded-host',
      'x-forwarded-port', 'x-forwarded-proto'],
    httpProxyOptions: { xfwd: false },          // ...and none added by the proxy itself
    maxRedirects: 0,                            // never follow a redirect to another host on the server side
    handleInitialRequest(req, res, location) {
      if (!allowRate(req.socket.remoteAddress)) return refuse(req, res, 429, 'Too many requests: wait and try again.');
      if (!location || !destinationAllowed(`${location.protocol}//${location.host}`)) {
        return refuse(req, res, 403, 'This proxy only forwards to Atlas.');
      }
      if (!routeAllowed(req.method, location.pathname)) {
        return refuse(req, res, 404, 'This proxy only forwards the calls Keymint makes.');
      }
      return false;
    },
    httpsOptions: options.httpsOptions,
  });
  server.listen(options.port, options.host, () =>
    console.log(`keymint cors-anywhere on ${options.host}:${options.port} for ${options.pageOrigin}`));
  return server;
}

module.exports = { start, routeAllowed, ATLAS };

if (require.main === module) {
  const fs = require('fs');
  const env = process.env;
  if (!env.KEYMINT_PAGE_ORIGIN) {
    console.error('KEYMINT_PAGE_ORIGIN is required: the origin of the Keymint page, e.g. https://keymint.example.com');
    process.exit(2);
  }
  const destinations = ATLAS.slice();
  if (env.KEYMINT_OPS_MANAGER_URL) destinations.push(new URL(env.KEYMINT_OPS_MANAGER_URL).origin);
  start({
    port: Number(env.PORT || 8081),
    host: env.HOST || '127.0.0.1',
    pageOrigin: env.KEYMINT_PAGE_ORIGIN,
    destinations,
    httpsOptions: env.KEYMINT_TLS_CERT && env.KEYMINT_TLS_KEY
      ? { cert: fs.readFileSync(env.KEYMINT_TLS_CERT), key: fs.readFileSync(env.KEYMINT_TLS_KEY) }
      : undefined,
  });
}
