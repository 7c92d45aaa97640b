/** One payload field of a webhook, as the spec describes it. */
export interface CatalogueField {
  name: string;
  /** The first sentence of the spec's description (may be empty). */
  description: string;
  /** The values the spec lists, when it lists more than one. */
  values?: readonly string[];
}

/** One Call Control webhook Telnyx sends. */
export interface CatalogueEvent {
  /** `event_type`, e.g. `call.answered`. */
  name: string;
  /** The spec's title of the webhook, e.g. "Call Answered". */
  title: string;
  fields: readonly CatalogueField[];
}
