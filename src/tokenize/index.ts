export { tokenize } from './tokenizer.js';
