/**
 * Manual reimbursement (零星报销): maternity costs paid in cash (a birth outside the contracted network or outside
 * the region) claimed afterwards by the insured or her employer with invoices (PDF, PNG, JPEG) and a fee list; a
 * clerk matches each fee line to the catalog or rejects it with a reason; the policy engine computes the benefit
 * on the covered cost with its explanation; an approver approves by the region's four-eyes threshold; finance pays
 * it to her bank account, the ledger records it ({@code MANUAL_PAYMENT}) and the registry gets a maternity event.
 */
package cn.liangxian.reimbursement;
