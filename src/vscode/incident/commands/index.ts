// The incident commands, one file per group; every prompt can also be answered by the command's arguments,
// so the flowchart, the tree, keybindings and tests drive the same flow a person does from the palette.
import type { CommandTable } from '../../commands';
import type { Services } from '../../services';
import { declareCommands, type DeclareRunner } from './declare';
import { lifecycleCommands } from './lifecycle';
import { noteCommands } from './note';
import { noteMergingCommands } from './noteMerging';
import { statusUpdateCommands } from './statusUpdate';
import { triggerCommands } from './trigger';

export type { DeclareArgs } from './declare';

export function createIncidentCommands(services: Services, runner?: DeclareRunner): CommandTable {
  return { ...declareCommands(services, runner), ...lifecycleCommands(services), ...statusUpdateCommands(services), ...noteCommands(services), ...noteMergingCommands(services), ...triggerCommands(services) };
}
