// Starts the shipped deploy/cors-anywhere/server.js for the end-to-end tests: the same routes, headers and
// rate limit, with the emulator (any 127.0.0.1 port) allowed as a destination besides Atlas.
// Usage: node cors-anywhere.js <port> <allowed page origin>   (KEYMINT_TOOLS = tools/node_modules)
const path = require('path');
const shipped = require(path.join(__dirname, '../../deploy/cors-anywhere/server.js'));
const [port, origin] = process.argv.slice(2);
shipped.start({
  port: Number(port),
  host: '127.0.0.1',
  pageOrigin: origin,
  destinations: [...shipped.ATLAS, /^http:\/\/127\.0\.0\.1:\d+$/],
  corsAnywhere: require(path.join(process.env.KEYMINT_TOOLS, 'cors-anywhere')),
});
