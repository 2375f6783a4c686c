// Prints the preload's method table from the contract (paste into src/preload/index.ts when the
// contract grows; `satisfies Api` and tests/e2e/preload.test.ts catch anything missed).
import { contract, methodNames } from '../src/shared/api';

for (const name of methodNames) process.stdout.write(`  ${name}: call<'${name}'>('${contract[name].channel}'),\n`);
