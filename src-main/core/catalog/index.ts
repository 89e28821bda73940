export { createCatalogService, type CatalogService, type CatalogServiceOptions } from './catalog-service';
export { CatalogError, loadCatalog, validateCatalog, indexCatalog, defaultCatalogFile, MAIN_ITEM_COUNT, SUB_ITEM_COUNT, type CatalogIndex } from './load';
export { createCatalogSearch, type CatalogSearch } from './search';
export {
  CalendarError,
  calendarCoverage,
  createWorkCalendar,
  loadCalendar,
  loadCalendarData,
  promisedDate,
  validateCalendar,
  type CalendarData,
  type CoverageWarning,
  type PromisedDate,
  type WorkCalendar,
} from './calendar';
export { createCatalogStore, type ApplyResult, type CatalogStore } from './update';
export { renderGuidePdf, type GuidePdfOptions } from './guide-pdf';
export { guideThermal, guideThermalLines, wrapColumns, type ThermalColumns } from './guide-text';
export { renderQrHandbook, HANDBOOK_TITLE, type QrHandbookOptions, type QrPlacement } from './qr-handbook';
export { DEFAULT_CJK_FONT, PdfFontError, type CjkFontOptions } from './pdf-kit';
