// A free TCP port on loopback, and a check whether something listens there.
import { createServer, connect } from 'node:net';
export function freePort() {
    return new Promise((resolve, reject) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
            const port = s.address().port;
            s.close(() => resolve(port));
        });
        s.on('error', reject);
    });
}
export function listening(port) {
    return new Promise((resolve) => {
        const c = connect({ port, host: '127.0.0.1' });
        c.once('connect', () => {
            c.destroy();
            resolve(true);
        });
        c.once('error', () => resolve(false));
    });
}
