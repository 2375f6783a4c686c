// Error codes with Chinese messages, and the Result type every fallible operation returns.
export { errorCatalogue, isErrorCode, type ErrorCode } from './catalogue';
export { ok, fail, UserError, isUserError, type Result, type Success, type Failure } from './result';
