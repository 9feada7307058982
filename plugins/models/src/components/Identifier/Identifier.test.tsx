import { render } from '@testing-library/react';
import { Identifier } from './Identifier';

function renderIdentifier(name: string) {
  const { container } = render(
    <span>
      <Identifier>{name}</Identifier>
    </span>,
  );
  return container.firstElementChild as HTMLElement;
}

describe('Identifier', () => {
  it('offers a line break after each separator and nowhere else', () => {
    const span = renderIdentifier('https://churn.ml-serving.example.com/v1');

    expect(span.innerHTML).toBe(
      'https://<wbr>churn.<wbr>ml-serving.<wbr>example.<wbr>com/<wbr>v1',
    );
  });

  it('reads as the name itself', () => {
    expect(renderIdentifier('mlflow.note.content')).toHaveTextContent(
      /^mlflow\.note\.content$/,
    );
    expect(renderIdentifier('roc_auc').innerHTML).toBe('roc_<wbr>auc');
    expect(renderIdentifier('accuracy').innerHTML).toBe('accuracy');
    expect(renderIdentifier('').innerHTML).toBe('');
  });
});
