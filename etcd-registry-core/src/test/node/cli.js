'use strict';
/*
 * What the seed scripts share: --name=value arguments (password from ETCD_PASSWORD, so it stays
 * out of `ps`), one JSON object per stdout line, and failing with a message and an exit code.
 */
const path = require('path');

const script = path.basename(process.argv[1] || 'seed');

function emit(object) {
    process.stdout.write(JSON.stringify(object) + '\n');
}

function fail(code, message) {
    process.stderr.write(`${script}: ${message}\n`);
    process.exit(code);
}

function options(argv, required) {
    const result = { user: process.env.ETCD_USER, password: process.env.ETCD_PASSWORD, timeout: 30,
        endpoints: process.env.ETCD_ENDPOINTS };
    for (const arg of argv) {
        const match = /^--([a-z]+)=(.*)$/s.exec(arg);
        if (!match) {
            fail(1, `unexpected argument '${arg}'; use --name=value`);
        }
        result[match[1]] = match[2];
    }
    const missing = required.filter(name => !result[name]);
    if (missing.length > 0) {
        fail(1, `missing ${missing.map(name => '--' + name).join(', ')}`);
    }
    result.timeout = Number(result.timeout);
    return result;
}

module.exports = { emit, fail, options };
