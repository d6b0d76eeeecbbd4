// Starts cors-anywhere (npm, unmodified) for the end-to-end tests, locked down as the README advises.
// Usage: node cors-anywhere.js <port> <allowed page origin>   (KEYMINT_TOOLS = tools/node_modules)
const path = require('path');
const corsAnywhere = require(path.join(process.env.KEYMINT_TOOLS, 'cors-anywhere'));
const [port, origin] = process.argv.slice(2);
corsAnywhere.createServer({
  originWhitelist: [origin],      // only this page may use the proxy
  requireHeader: ['origin'],      // browsers only
  removeHeaders: ['cookie', 'cookie2'],
}).listen(Number(port), '127.0.0.1', () => console.log(`cors-anywhere on 127.0.0.1:${port} for ${origin}`));
