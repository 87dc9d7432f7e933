/**
 * Manual reimbursement (零星报销): maternity costs paid in cash (a birth outside the contracted network or outside
 * the region) claimed afterwards by the insured or her employer with invoices (PDF, PNG, JPEG) and a fee list; a
 * clerk matches each fee line to the catalog or rejects it with a reason; the policy engine computes the benefit
 * on the covered cost with its explanation; an approver approves by the region's four-eyes threshold; a clerk or
 * finance pays it to her bank account through a payment batch and the bank's return file
 * ({@link cn.liangxian.reimbursement.ReimbursementPayments}): the ledger owes it from its first batch ({@code
 * MANUAL_PAYMENT}, when the registry also gets its maternity event) and clears it when the bank has paid ({@code
 * REIMBURSEMENT_BATCH}); a failed payment is retried in a later batch or cancelled (the entry reversed, the event
 * withdrawn).
 */
package cn.liangxian.reimbursement;
