// The sub-commands of `briefsmith`, in help order.
import type { CliCommand } from '../io';
import { demoCommand } from './demo';
import { exportCommand } from './export';
import { libraryCommand } from './library';

export const commands: readonly CliCommand[] = [demoCommand, exportCommand, libraryCommand];
