'use strict';
/*
 * Reads a service's instances with the Node.js tutorial's (the seed's) discoverService(),
 * copied verbatim, and prints what it returns.
 *
 *   node seed-discover.js --endpoints=http://127.0.0.1:2379 --service=orders [--user=root] [--timeout=30]
 *   (password: ETCD_PASSWORD in the environment, or --password=...)
 *
 * stdout: one line {"event":"discovered","instances":[...the parsed JSON values...]}
 * Exit: 0 when done, 1 on an error (e.g. a value JSON.parse rejects), 2 on timeout.
 */
const { Etcd3 } = require('etcd3');
const { fail, options } = require('./cli');

const opt = options(process.argv.slice(2), ['endpoints', 'service']);
const deadline = setTimeout(() => fail(2, `no answer from etcd within ${opt.timeout}s`), opt.timeout * 1000);
const client = new Etcd3({
    hosts: opt.endpoints.split(','),
    auth: opt.user ? { username: opt.user, password: opt.password } : undefined,
});

// ---- from the seed, verbatim ----
async function discoverService(serviceName) {
    const instances = await client.getAll().prefix(`/services/${serviceName}`).strings();
    return Object.entries(instances).map(([key, value]) => JSON.parse(value));
}
// ---- end of the seed's code ----

discoverService(opt.service).then(instances => {
    process.stdout.write(JSON.stringify({ event: 'discovered', instances }) + '\n');
    clearTimeout(deadline);
    client.close();
}).catch(err => fail(1, `discoverService failed: ${err.stack || err}`));
