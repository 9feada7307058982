import {
  IndexableResultSet,
  QueryRequestOptions,
  QueryTranslator,
  SearchEngine,
  SearchQuery,
} from '@backstage/plugin-search-common';

/**
 * A search engine that answers a search of document types none of which has
 * an index yet with no results.
 *
 * The in-memory (Lunr) engine creates a type's index only once its collator
 * delivered documents, and until then fails such searches with a
 * MissingIndexError, which the search API answers with a 500. On a fresh
 * start that is every docs search until the docs sites are built and
 * collected. An index that does not exist yet holds nothing, so "nothing
 * found" is the true answer.
 */
export class IndexTolerantSearchEngine implements SearchEngine {
  constructor(private readonly engine: SearchEngine) {}

  setTranslator(translator: QueryTranslator) {
    this.engine.setTranslator(translator);
  }

  getIndexer(type: string) {
    return this.engine.getIndexer(type);
  }

  async query(
    query: SearchQuery,
    options?: QueryRequestOptions,
  ): Promise<IndexableResultSet> {
    try {
      return await this.engine.query(query, options);
    } catch (error) {
      if ((error as Error)?.name === 'MissingIndexError') {
        return { results: [], numberOfResults: 0 };
      }
      throw error;
    }
  }
}
