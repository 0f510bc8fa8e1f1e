/**
 * `@mahnwerk/channel-letter` — printed dunning letters: DIN 5008 form B PDFs for window envelopes
 * with an itemized statement, a GiroCode (EPC QR code) and a QR code for the payment link;
 * deterministic bytes; print batches with a manifest or as one merged PDF; and the letter channel.
 *
 * @packageDocumentation
 */
export * from './document.js';
export { checkLetterSender, letterSenderAddressLines } from './sender.js';
export { din5008FormB, paymentReference, renderLetterPdf, renderMergedPdf } from './pdf.js';
export * from './batch.js';
export * from './channel.js';
