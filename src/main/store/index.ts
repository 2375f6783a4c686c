// The drafts store: lowdb files with atomic fsynced writes, migrations, history, trash, backups
// and recovery. The main process is its only writer.
export { DraftStore, type DraftStoreOptions, type FlushReport } from './draft-store';
export { STORE_FORMAT_VERSION, type DraftFile, type DraftOrigin, type FileOf, type IndexFile, type StoreFileKind } from './format';
export { decodeStoreFile } from './decode';
export { migrations, migrateFile, type Migration } from './migrations';
export { nodeStoreFs, type StoreFs, type FileStamp, type DirEntry } from './fs-layer';
export { DurableJsonFile, StoreFileDb } from './db';
export { errnoCode, codeForFsError, toWriteError } from '../fs/errno';
export { StoreLock, isProcessAlive } from './lock';
export { storeLayout, storeRootFor, type StoreLayout } from './layout';
export { diffDigests, digestBriefing } from './block-diff';
export { selectBackupsToKeep, backupTime } from './backups';
export { pruneAutomatic } from './history';
export { readBriefingFile, parseBriefingFileText, encodeBriefingFile, writeBriefingFile, exportFileName, MAX_IMPORT_BYTES } from './import-export';
