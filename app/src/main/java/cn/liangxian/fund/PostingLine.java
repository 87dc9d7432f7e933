package cn.liangxian.fund;

import java.math.BigDecimal;

/** One leg asked for: an account of the request's book, a side and a positive amount with at most two decimals. */
public record PostingLine(String accountCode, Side side, BigDecimal amount) {

    public static PostingLine debit(String accountCode, BigDecimal amount) {
        return new PostingLine(accountCode, Side.DEBIT, amount);
    }

    public static PostingLine credit(String accountCode, BigDecimal amount) {
        return new PostingLine(accountCode, Side.CREDIT, amount);
    }

    public static PostingLine debit(String accountCode, String amount) {
        return debit(accountCode, new BigDecimal(amount));
    }

    public static PostingLine credit(String accountCode, String amount) {
        return credit(accountCode, new BigDecimal(amount));
    }
}
