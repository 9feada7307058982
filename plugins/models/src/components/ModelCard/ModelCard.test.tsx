import { screen, within } from '@testing-library/react';
import {
  customerChurn,
  withSpec,
  yamlCustomerChurn,
} from '../../__testUtils__/entities';
import { fact, renderOnEntityPage } from '../../__testUtils__/render';
import { ModelCard } from './ModelCard';

/** The aliases the card lists, one per line. */
function aliases() {
  return within(fact('Aliases'))
    .getAllByRole('listitem')
    .map(item => item.textContent);
}

describe('ModelCard', () => {
  it('renders the description as Markdown with the model facts', async () => {
    renderOnEntityPage(<ModelCard />, customerChurn);

    await screen.findByRole('heading', { name: 'Model card' });
    const emphasis = screen.getByText('no order');
    expect(emphasis.tagName).toBe('STRONG');
    expect(fact('Name in MLflow')).toHaveTextContent(/^customer-churn$/);
    expect(aliases()).toEqual(['challenger → v3', 'champion → v2']);
    expect(fact('Created')).toHaveTextContent(/^2025-08-01 10:00 UTC$/);
    expect(fact('Last updated')).toHaveTextContent(/^2025-09-02 08:30 UTC$/);
    expect(within(fact('Owner')).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/group/ml-engineering',
    );
    expect(fact('Read from')).toHaveTextContent(/^mlflow$/);
  });

  it('shows the registry tags as a table, their values as Markdown', async () => {
    renderOnEntityPage(<ModelCard />, customerChurn);

    const tags = await screen.findByRole('table', { name: 'Model tags' });
    const [, note, task] = within(tags).getAllByRole('row');
    expect(note).toHaveTextContent('mlflow.note.content');
    expect(
      within(note).getByRole('link', { name: /^runbook/ }),
    ).toHaveAttribute('href', 'https://runbooks.example.com/churn');
    expect(task).toHaveTextContent('taskclassification');
  });

  it('lets a tag value that is a plain name wrap between its parts', async () => {
    renderOnEntityPage(
      <ModelCard />,
      withSpec(customerChurn, {
        tags: {
          training_datasets: 'lakehouse.gold.customer_features',
          review: '**pending**',
        },
      }),
    );

    const tags = await screen.findByRole('table', { name: 'Model tags' });
    const [, review, datasets] = within(tags).getAllByRole('row');
    expect(within(review).getByText('pending').tagName).toBe('STRONG');
    const [, value] = within(datasets).getAllByRole('cell');
    expect(value.innerHTML).toBe(
      'lakehouse.<wbr>gold.<wbr>customer_<wbr>features',
    );
  });

  it('takes aliases from the versions of a model declared in YAML', async () => {
    renderOnEntityPage(<ModelCard />, yamlCustomerChurn);

    await screen.findByRole('heading', { name: 'Model card' });
    expect(aliases()).toEqual(['champion → v2']);
    expect(fact('Created')).toHaveTextContent(/^not recorded$/);
    expect(fact('Read from')).toHaveTextContent(/^yaml$/);
    expect(
      screen.getByText('The registered model has no tags.'),
    ).toBeInTheDocument();
  });

  it('says where the description comes from when there is none', async () => {
    renderOnEntityPage(<ModelCard />, {
      ...withSpec(customerChurn, { aliases: {} }),
      metadata: { name: 'fraud-detector' },
    });

    expect(await screen.findByText(/^No description\./)).toBeInTheDocument();
    expect(fact('Name in MLflow')).toHaveTextContent(/^fraud-detector$/);
    expect(fact('Aliases')).toHaveTextContent(/^none$/);
  });
});
