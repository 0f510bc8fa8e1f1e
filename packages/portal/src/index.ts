/**
 * `@mahnwerk/portal` — the debtor's self-service pages, server-rendered with Hono. A signed,
 * expiring link (no account, no password) opens a claim's page: the itemized statement with the legal
 * basis of every line, the payment options (the provider's checkout, a bank transfer with GiroCode),
 * and forms to propose an installment plan, promise to pay, dispute the claim and download the
 * letters — every action through the host's `createMahnwerk` commands. German and English.
 *
 * `createPortal()` returns a Web-standard fetch handler; `@mahnwerk/portal/node` serves it in Node.
 *
 * @packageDocumentation
 */
export { createPortal, type CreateLinkOptions, type Portal, type PortalBankAccount, type PortalCommands, type PortalContact, type PortalOptions, type PortalParty } from './portal.js';
export { portalLinkProvider } from './portal-links.js';
export { createPortalLinkSigner, minSecretBytes, type LinkRejection, type LinkVerification, type PortalLink, type PortalLinkSigner } from './link.js';
export {
  judgeProposal,
  type InstallmentProposal,
  type InstallmentRules,
  type ProposalRefusal,
  type ProposalVerdict,
} from './installment-rules.js';
export { createRateLimiter, type RateDecision, type RateLimiter, type RateLimitOptions } from './rate-limit.js';
export { qrSvg } from './girocode.js';
export type { PortalLocale } from './messages.js';
