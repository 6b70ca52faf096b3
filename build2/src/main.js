// Entry point of the bundle: run the CLI, set the exit status, let pending output drain.
import { main } from './cli.js';
// main() reports every error itself and resolves to the exit status; it never rejects.
void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
});
