// The typed API contract: channel names, request schemas and result types shared by all processes.
export {
  contract,
  methodNames,
  methodByChannel,
  type Contract,
  type MethodName,
  type ChannelOf,
  type RequestOf,
  type ParsedRequestOf,
  type ValueOf,
  type ResultOf,
  type Api,
} from './contract';
export { defineMethod, type MethodSpec } from './define';
export type { AppInfo } from './app';
export type { DraftSummary, SaveReceipt } from './drafts';
export { MENU_COMMAND_CHANNEL, BEFORE_CLOSE_CHANNEL, menuCommands, isMenuCommand, type MenuCommand, type ApiEvents } from './events';
