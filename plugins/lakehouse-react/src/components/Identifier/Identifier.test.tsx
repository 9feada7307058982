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
    expect(
      renderIdentifier('s3://features/customer_stats.parquet').innerHTML,
    ).toBe('s3://<wbr>features/<wbr>customer_<wbr>stats.<wbr>parquet');
    expect(
      renderIdentifier('https://churn.ml-serving.example.com/v1').innerHTML,
    ).toBe('https://<wbr>churn.<wbr>ml-serving.<wbr>example.<wbr>com/<wbr>v1');
    expect(renderIdentifier('roc_auc').innerHTML).toBe('roc_<wbr>auc');
  });

  it('reads as the name itself', () => {
    expect(renderIdentifier('churn_model_features')).toHaveTextContent(
      /^churn_model_features$/,
    );
    expect(renderIdentifier('mlflow.note.content')).toHaveTextContent(
      /^mlflow\.note\.content$/,
    );
    expect(renderIdentifier('region').innerHTML).toBe('region');
    expect(renderIdentifier('accuracy').innerHTML).toBe('accuracy');
    expect(renderIdentifier('').innerHTML).toBe('');
  });
});
