// Error codes with Chinese messages, and the Result type every fallible operation returns.
export { errorCatalogue, isErrorCode, type ErrorCode } from './catalogue';
export { ok, fail, messageOf, UserError, isUserError, type Result, type Success, type Failure, type FailureLocation } from './result';
