import { currentCompletions, startCompletion } from '@codemirror/autocomplete';
import { EditorView } from '@codemirror/view';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { SqlEditor, SqlEditorProps, SqlPosition } from './SqlEditor';

const statement = [
  'SELECT customer_id, email',
  'FROM lakehouse.bronze.stg_customerz',
  'LIMIT 10',
].join('\n');

/** The editor, and a button that reports an engine error at `position`. */
const Harness = (props: {
  editor: Omit<SqlEditorProps, 'value'>;
  position?: SqlPosition;
}) => {
  const [errorPosition, setErrorPosition] = useState<SqlPosition>();
  return (
    <>
      <button onClick={() => setErrorPosition(props.position)}>
        Report error
      </button>
      <SqlEditor
        value={statement}
        {...props.editor}
        errorPosition={errorPosition}
      />
    </>
  );
};

function renderEditor(position?: SqlPosition) {
  const onRun = jest.fn();
  const onChange = jest.fn();
  renderInTestApp(<Harness editor={{ onRun, onChange }} position={position} />);
  return { onRun, onChange };
}

/** The CodeMirror view behind the editor, to read its cursor. */
function editorView(): EditorView {
  const dom = document.querySelector('.cm-editor') as HTMLElement;
  const view = EditorView.findFromDOM(dom);
  if (!view) throw new Error('No CodeMirror editor rendered');
  return view;
}

describe('SqlEditor', () => {
  it('shows the statement in an editor labelled for screen readers', async () => {
    renderEditor();

    const editor = await screen.findByRole('textbox', {
      name: 'SQL statement',
    });
    expect(editor).toHaveTextContent('SELECT customer_id, email');
    expect(editor).toHaveTextContent('FROM lakehouse.bronze.stg_customerz');
    expect(editorView().state.doc.toString()).toBe(statement);
  });

  it('runs the statement on Ctrl+Enter', async () => {
    const { onRun } = renderEditor();

    const editor = await screen.findByRole('textbox', {
      name: 'SQL statement',
    });
    fireEvent.keyDown(editor, { key: 'Enter', code: 'Enter', ctrlKey: true });

    expect(onRun).toHaveBeenCalledTimes(1);
    // The key does not also insert a line break.
    expect(editorView().state.doc.lines).toBe(3);
  });

  it('does not run the statement on a plain Enter', async () => {
    const { onRun } = renderEditor();

    const editor = await screen.findByRole('textbox', {
      name: 'SQL statement',
    });
    fireEvent.keyDown(editor, { key: 'Enter', code: 'Enter' });

    expect(onRun).not.toHaveBeenCalled();
  });

  it('reports edits of the statement', async () => {
    const { onChange } = renderEditor();

    await screen.findByRole('textbox', { name: 'SQL statement' });
    const view = editorView();
    view.dispatch({
      changes: { from: view.state.doc.length, insert: ' OFFSET 5' },
    });

    expect(onChange).toHaveBeenLastCalledWith(
      `${statement} OFFSET 5`,
      expect.anything(),
    );
  });

  it('puts the cursor at the position of an engine error and marks its line', async () => {
    renderEditor({ line: 2, column: 23 });
    await screen.findByRole('textbox', { name: 'SQL statement' });
    expect(document.querySelector('.cm-sql-error-line')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Report error' }));

    // Line 2, column 23 is the "s" of stg_customerz.
    const offset = statement.indexOf('stg_customerz');
    expect(editorView().state.selection.main.head).toBe(offset);
    const marked = document.querySelector('.cm-sql-error-line');
    expect(marked).toHaveTextContent('FROM lakehouse.bronze.stg_customerz');
    expect(document.querySelector('.cm-sql-error-mark')).toHaveTextContent(
      /^s$/,
    );
  });

  it('keeps the cursor inside the statement for a position past its end', async () => {
    renderEditor({ line: 9, column: 80 });
    await screen.findByRole('textbox', { name: 'SQL statement' });

    await userEvent.click(screen.getByRole('button', { name: 'Report error' }));

    expect(editorView().state.selection.main.head).toBe(statement.length);
  });
  it('clears the error mark when the statement is edited', async () => {
    renderEditor({ line: 2, column: 23 });
    await screen.findByRole('textbox', { name: 'SQL statement' });
    await userEvent.click(screen.getByRole('button', { name: 'Report error' }));
    expect(document.querySelector('.cm-sql-error-line')).not.toBeNull();

    const view = editorView();
    view.dispatch({ changes: { from: 0, insert: '-- fixed\n' } });

    expect(document.querySelector('.cm-sql-error-line')).toBeNull();
  });

  it('completes table and column names from the schema', async () => {
    const schema = {
      bronze: {
        stg_customers: [
          { label: 'customer_id', type: 'property', detail: 'bigint' },
          { label: 'email', type: 'property', detail: 'varchar' },
        ],
        stg_orders: [],
      },
    };
    renderInTestApp(
      <SqlEditor
        value="SELECT * FROM stg_c"
        onChange={jest.fn()}
        onRun={jest.fn()}
        schema={schema}
        defaultSchema="bronze"
      />,
    );
    await screen.findByRole('textbox', { name: 'SQL statement' });
    const view = editorView();
    view.dispatch({ selection: { anchor: view.state.doc.length } });

    startCompletion(view);

    await waitFor(() =>
      expect(currentCompletions(view.state).map(c => c.label)).toContain(
        'stg_customers',
      ),
    );
    expect(currentCompletions(view.state).map(c => c.label)).not.toContain(
      'stg_orders',
    );

    view.dispatch({
      changes: {
        from: 0,
        to: view.state.doc.length,
        insert: 'SELECT stg_customers.e',
      },
      selection: { anchor: 'SELECT stg_customers.e'.length },
    });
    startCompletion(view);

    await waitFor(() =>
      expect(currentCompletions(view.state).map(c => c.label)).toContain(
        'email',
      ),
    );
  });
});
