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
    const span = renderIdentifier('s3://features/customer_stats.parquet');

    expect(span.innerHTML).toBe(
      's3://<wbr>features/<wbr>customer_<wbr>stats.<wbr>parquet',
    );
  });

  it('reads as the name itself', () => {
    expect(renderIdentifier('churn_model_features')).toHaveTextContent(
      /^churn_model_features$/,
    );
    expect(renderIdentifier('region').innerHTML).toBe('region');
    expect(renderIdentifier('').innerHTML).toBe('');
  });
});
