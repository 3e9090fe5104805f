// Limits of saved segments that both the server (validation, counting) and the UI (field lengths, hints) read.

// Longest segment name, description and audience expression the dialogs accept.
export const SEGMENT_NAME_MAX = 80;
export const SEGMENT_DESCRIPTION_MAX = 500;
export const SEGMENT_EXPRESSION_MAX = 4000;

// Counting stops after this many segments or once the page has spent this long counting; each
// count may take at most the statement timeout. Segments past a limit show "not counted".
export const SEGMENT_COUNT_LIMITS: { maxSegments: number; budgetMs: number; statementTimeoutMs: number } = {
  maxSegments: 100,
  budgetMs: 8_000,
  statementTimeoutMs: 2_000,
};
