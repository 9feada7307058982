export { SqlEditor } from './SqlEditor';
export type { SqlEditorProps, SqlPosition } from './SqlEditor';
