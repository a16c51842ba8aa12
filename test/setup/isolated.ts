/**
 * The unit tier runs pure code: a unit test that opens a connection or starts a process is an
 * integration test in the wrong folder, and this makes it fail instead of quietly depending on
 * the machine.
 */
import childProcess from "node:child_process";
import net from "node:net";
import { syncBuiltinESMExports } from "node:module";

function refuse(what: string): never {
  throw new Error(`a unit test tried to ${what}: move it to test/integration (unit tests need no network, processes or Azurite)`);
}

net.Socket.prototype.connect = function connect(): never {
  return refuse("open a network connection");
};
for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = () => refuse(`start a process (child_process.${name})`);
}
// ES module imports of node:child_process see the replaced functions too.
syncBuiltinESMExports();
