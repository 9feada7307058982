export * from './jinja';
export * from './parseDbtManifest';
export * from './types';
