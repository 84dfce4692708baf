declare namespace App {
  interface Locals {
    /** The page's interface language: from the path, else from Accept-Language. */
    lang: import('./i18n/languages.ts').Lang;
  }
}
