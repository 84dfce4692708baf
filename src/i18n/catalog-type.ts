import type fi from './messages/fi.ts';

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralForms;

/** Finnish is the model: every other language file must have exactly its keys. */
export interface BaseCatalog {
  meta: { name: string; locale: string };
  messages: Record<string, Message>;
}
export type MessageKey = keyof (typeof fi)['messages'];
export interface Catalog extends BaseCatalog {
  messages: Record<MessageKey, Message>;
}
