'use strict';
/*
 * Watches a service with the Node.js tutorial's (the seed's) watchService() and
 * discoverService(), copied verbatim, and prints every list its callback gets.
 *
 *   node seed-watch.js --endpoints=http://127.0.0.1:2379 --service=orders [--user=root] [--timeout=30]
 *   (password: ETCD_PASSWORD in the environment, or --password=...)
 *
 * stdout, one JSON object a line:
 *   {"event":"watching"}                    once the watch is established
 *   {"event":"changed","instances":[...]}  each time the seed's callback runs
 * The seed's own console.log lines (not JSON) appear in between.
 * Exit: 0 after "stop" on stdin, 1 on an error, 2 when no "stop" came within the timeout.
 */
const { Etcd3 } = require('etcd3');
const { fail, options } = require('./cli');

const opt = options(process.argv.slice(2), ['endpoints', 'service']);
const deadline = setTimeout(() => fail(2, `no "stop" on stdin within ${opt.timeout}s, exiting`),
    opt.timeout * 1000);
const client = new Etcd3({
    hosts: opt.endpoints.split(','),
    auth: opt.user ? { username: opt.user, password: opt.password } : undefined,
});

// ---- from the seed, verbatim ----
async function discoverService(serviceName) {
    const instances = await client.getAll().prefix(`/services/${serviceName}`).strings();
    return Object.entries(instances).map(([key, value]) => JSON.parse(value));
}

async function watchService(serviceName, callback) {
    const watcher = await client.watch().prefix(`/services/${serviceName}`).create();
    watcher.on('put', async event => {
        console.log('新的服务节点添加:', event.key.toString());
        callback(await discoverService(serviceName));
    }).on('delete', async event => {
        console.log('服务节点删除:', event.key.toString());
        callback(await discoverService(serviceName));
    });
}
// ---- end of the seed's code ----

process.on('unhandledRejection', err => fail(1, `the seed's callback failed: ${err && (err.stack || err)}`));

watchService(opt.service, instances => {
    process.stdout.write(JSON.stringify({ event: 'changed', instances }) + '\n');
}).then(() => {
    process.stdout.write(JSON.stringify({ event: 'watching' }) + '\n');
    process.stdin.setEncoding('utf8');
    let input = '';
    process.stdin.on('data', chunk => {
        input += chunk;
        if (input.split('\n').some(line => line.trim() === 'stop')) {
            clearTimeout(deadline);
            client.close();
            process.exit(0);
        }
    });
    process.stdin.on('end', () => fail(1, 'stdin closed without "stop" (parent gone?)'));
}).catch(err => fail(1, `watchService failed: ${err.stack || err}`));
