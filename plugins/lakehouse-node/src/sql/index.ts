export * from './tokenizer';
export * from './keywords';
