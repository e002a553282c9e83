import "i18next";
import type { Catalog } from "./resources.js";

// English resources are the type of every key: a misspelt or missing key is a type error.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    nsSeparator: false;
    resources: { translation: Catalog };
  }
}
