/**
 * Open data: publishing the platform's contracting processes as OCDS 1.1 (releases, records, daily
 * bulk files), and importing published procurement data (OCDS releases and records, UK spend CSVs)
 * into the shapes of SME-share reporting. The import side is pure parsing and mapping (no database).
 */
export { OpenDataModule, OpenDataHttpModule } from './open-data.module';
export { ImportsService, importKindOf, IMPORT_NOT_FOUND, SPEND_ENCODINGS, UPLOAD_TMP_DIR } from './application/imports.service';
export type { ImportRunView, ImportKind } from './application/imports.service';
export { readOcds } from './import/ocds-reader';
export type { OcdsItem, OcdsRelease } from './import/ocds-reader';
export { mergeReleases } from './import/ocds-merge';
export type { JsonObject } from './import/ocds-merge';
export { compileByOcid } from './import/ocds-compile';
export type { CompileMode, CompiledProcess } from './import/ocds-compile';
export { mapRelease } from './import/ocds-map';
export type { MapReleaseContext, MapReleaseResult } from './import/ocds-map';
export { detectFramework } from './import/ocds-framework';
export type { FrameworkVerdict } from './import/ocds-framework';
export { readSpendCsv, SPEND_CSV_COLUMNS } from './import/spend-csv';
export type { SpendCsvItem, SpendCsvOptions } from './import/spend-csv';
export type { TextEncodingName } from './import/text-decoding';
export { isKnownCurrency, ACTIVE_CURRENCIES, WITHDRAWN_CURRENCIES } from './import/currencies';
export { isPlainDecimal, sumDecimals, toDecimalString } from './import/decimal';
export { PublicationsService, RELEASE_NOT_FOUND, RECORD_NOT_FOUND } from './application/publications.service';
export { BulkFilesService, BULK_FILE_NOT_FOUND } from './application/bulk-files.service';
export type { BulkFileView } from './application/bulk-files.service';
export { buildRelease, ocidOf, releasePackage, recordPackage, OCDS_EXTENSIONS, OCDS_VERSION, RELEASE_EVENTS } from './publish/ocds-release';
export type { ProcessSnapshot, ReleaseEvent, OcdsJson } from './publish/ocds-release';
