import { sql, SQLNamespace, StandardSQL } from '@codemirror/lang-sql';
import { Prec, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  DecorationSet,
  EditorView,
  keymap,
} from '@codemirror/view';
import { useTheme } from '@material-ui/core';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef, useState } from 'react';

/** A 1-based position in the statement, as engines report errors. */
export interface SqlPosition {
  line: number;
  column: number;
}

/** Properties of {@link SqlEditor}. */
export interface SqlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl+Enter (Cmd+Enter on macOS). */
  onRun: () => void;
  /** Tables and columns for completion. */
  schema?: SQLNamespace;
  /** The schema whose tables complete without a prefix. */
  defaultSchema?: string;
  /**
   * Where the statement failed: the editor puts the cursor there and marks
   * the line until the statement is edited. A new object marks it again.
   */
  errorPosition?: SqlPosition;
  readOnly?: boolean;
}

const setErrorPosition = StateEffect.define<SqlPosition | null>();

/** The document offset of a 1-based line and column, kept inside the document. */
export function offsetOf(
  doc: { lines: number; line(n: number): { from: number; length: number } },
  position: SqlPosition,
): number {
  const line = doc.line(Math.min(Math.max(position.line, 1), doc.lines));
  return line.from + Math.min(Math.max(position.column - 1, 0), line.length);
}

const errorMark = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = tr.docChanged ? Decoration.none : marks;
    for (const effect of tr.effects) {
      if (!effect.is(setErrorPosition)) continue;
      if (!effect.value) {
        next = Decoration.none;
        continue;
      }
      const doc = tr.state.doc;
      const at = offsetOf(doc, effect.value);
      const line = doc.lineAt(at);
      const ranges = [
        Decoration.line({ class: 'cm-sql-error-line' }).range(line.from),
      ];
      if (at < line.to) {
        ranges.push(
          Decoration.mark({ class: 'cm-sql-error-mark' }).range(at, at + 1),
        );
      }
      next = Decoration.set(ranges);
    }
    return next;
  },
  provide: field => EditorView.decorations.from(field),
});

const errorTheme = EditorView.baseTheme({
  '.cm-sql-error-line': { backgroundColor: 'rgba(244, 67, 54, 0.12)' },
  '.cm-sql-error-mark': {
    textDecoration: 'underline wavy #f44336',
    textUnderlineOffset: '3px',
  },
});

/**
 * The SQL editor of the console: CodeMirror with Standard SQL highlighting,
 * keyword and schema completion, Ctrl/Cmd+Enter to run, and the position of
 * an engine error marked.
 */
export const SqlEditor = ({
  value,
  onChange,
  onRun,
  schema,
  defaultSchema,
  errorPosition,
  readOnly,
}: SqlEditorProps) => {
  const theme = useTheme();
  const [view, setView] = useState<EditorView>();
  // The keymap is built once; it calls whatever onRun is current.
  const onRunRef = useRef(onRun);
  onRunRef.current = onRun;

  const runKeymap = useMemo(
    () =>
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            preventDefault: true,
            run: () => {
              onRunRef.current();
              return true;
            },
          },
        ]),
      ),
    [],
  );

  const extensions = useMemo(
    () => [
      sql({
        dialect: StandardSQL,
        schema,
        defaultSchema,
        upperCaseKeywords: true,
      }),
      runKeymap,
      errorMark,
      errorTheme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'SQL statement' }),
    ],
    [schema, defaultSchema, runKeymap],
  );

  // Runs again once the view exists, for a position given before that.
  useEffect(() => {
    if (!view) return;
    if (!errorPosition) {
      view.dispatch({ effects: setErrorPosition.of(null) });
      return;
    }
    const at = offsetOf(view.state.doc, errorPosition);
    view.dispatch({
      selection: { anchor: at },
      effects: [
        setErrorPosition.of(errorPosition),
        EditorView.scrollIntoView(at, { y: 'center' }),
      ],
    });
    view.focus();
  }, [view, errorPosition]);

  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      onCreateEditor={setView}
      extensions={extensions}
      theme={theme.palette.type === 'dark' ? 'dark' : 'light'}
      minHeight="200px"
      maxHeight="480px"
      placeholder="SELECT … (Ctrl+Enter runs the statement)"
      readOnly={readOnly}
      basicSetup={{ foldGutter: false }}
    />
  );
};
