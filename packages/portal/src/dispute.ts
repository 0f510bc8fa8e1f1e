/** @internal What the dispute's note says before the debtor's reason. */
export const disputeNotePrefix = 'Über das Portal bestritten: ';

/**
 * @internal The longest reason the dispute form takes: core's commands keep a note to 2000
 * characters, and the note is the prefix and the reason.
 */
export const disputeReasonMaxLength = 2000 - disputeNotePrefix.length;
