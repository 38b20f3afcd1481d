import type { Component } from './types.js';

export const documentNamesComponent: Component<void> = { name: 'document-names' };
