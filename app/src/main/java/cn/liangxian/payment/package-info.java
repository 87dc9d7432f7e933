/**
 * Paying people through the bank, the part every kind of benefit payment shares: the bank file of a payment batch,
 * the bank's return file read and checked whole against what was sent, and the import of a return file once per
 * region and purpose (the same file again answers the first import and changes nothing). The features keep their
 * own batches, lines, statuses and ledger entries and call {@link cn.liangxian.payment.BankReturns} with what to do
 * for a paid and a failed line. Holds no business rule of its own.
 */
package cn.liangxian.payment;
