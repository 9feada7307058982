/**
 * TechDocs module of the lakehouse portal: docs sites built when the backend
 * starts and indexed for search, built from copies of their sources.
 *
 * @packageDocumentation
 */
export { techdocsModuleLakehouse as default } from './module';
export { CopyingDirectoryPreparer } from './CopyingDirectoryPreparer';
export type { DocsStatus } from './DocsSiteBuilds';
