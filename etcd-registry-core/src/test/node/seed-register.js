'use strict';
/*
 * Registers one instance the way the Node.js tutorial (the project's seed) does: its
 * registerService() below is copied verbatim, so the key, the value and the lease are exactly
 * what a seed-based Node service writes.
 *
 *   node seed-register.js --endpoints=http://127.0.0.1:2379 --service=orders --id=i1 \
 *       --host=localhost --port=3000 [--user=root] [--timeout=30]
 *   (password: ETCD_PASSWORD in the environment, or --password=...)
 *
 * stdout, one JSON object a line:
 *   {"event":"registered","key":"/services/orders/i1","lease":"7587..."}  once the put is done
 *   {"event":"lost","lease":"...","error":"..."}                          etcd3 reports the lease lost
 *   {"event":"revoked","lease":"..."}                                      after "stop" on stdin
 * The seed's own console.log lines (not JSON) may appear in between.
 * Exit: 0 after "stop", 1 on an error, 2 when no "stop" came within the timeout.
 */
const { Etcd3 } = require('etcd3');
const { emit, fail, options } = require('./cli');

const opt = options(process.argv.slice(2), ['endpoints', 'service', 'id', 'host', 'port']);
const deadline = setTimeout(() => fail(2, `no "stop" on stdin within ${opt.timeout}s, exiting`),
    opt.timeout * 1000);
const client = new Etcd3({
    hosts: opt.endpoints.split(','),
    auth: opt.user ? { username: opt.user, password: opt.password } : undefined,
});

// Remember every lease the seed code creates (and report its loss), without changing that code.
const leases = [];
const newLease = client.lease.bind(client);
client.lease = (...args) => {
    const lease = newLease(...args);
    leases.push(lease);
    lease.on('lost', err => lease.grant().catch(e => e)
        .then(id => emit({ event: 'lost', lease: String(id), error: String(err && err.message) })));
    return lease;
};

// ---- from the seed, verbatim ----
async function registerService(serviceName, instanceId, metadata) {
    const key = `/services/${serviceName}/${instanceId}`;
    const lease = client.lease(10);
    await lease.put(key).value(JSON.stringify(metadata));
    lease.on('lost', async () => {
        console.log('租约过期，重新注册...');
        await registerService(serviceName, instanceId, metadata);
    });
}
// ---- end of the seed's code ----

async function stop() {
    const lease = leases[leases.length - 1];
    await lease.revoke();
    emit({ event: 'revoked', lease: await lease.grant() });
    clearTimeout(deadline);
    client.close();
    process.exit(0);
}

(async () => {
    await registerService(opt.service, opt.id, { host: opt.host, port: Number(opt.port) });
    const lease = leases[leases.length - 1];
    emit({ event: 'registered', key: `/services/${opt.service}/${opt.id}`, lease: await lease.grant() });
    let input = '';
    let stopping = false;
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', chunk => {
        input += chunk;
        if (!stopping && input.split('\n').some(line => line.trim() === 'stop')) {
            stopping = true;
            stop().catch(err => fail(1, `could not revoke the lease: ${err.stack || err}`));
        }
    });
    process.stdin.on('end', () => stopping || fail(1, 'stdin closed without "stop" (parent gone?)'));
})().catch(err => fail(1, `registerService failed: ${err.stack || err}`));
