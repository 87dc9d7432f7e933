package cn.liangxian.reimbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.fund.Book;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.Side;
import cn.liangxian.fund.SourceType;
import cn.liangxian.payment.BankFiles;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.MaternityEvents;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.WebSession;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;

/**
 * Paying reimbursements through the bank against the real services and database: a batch, its bank file, the bank's
 * return file with a paid and a failed line, the ledger after each step (owed from the batch, cleared when paid,
 * still owed when failed), a retry paid in the next batch, a cancellation that reverses the entry and withdraws the
 * maternity event, return files that are wrong and write nothing, the same file imported twice, and who may do it.
 * Other claims of the region may share a batch: they are answered as paid and counted where totals are compared.
 */
@AppTest
class ReimbursementPaymentTests {

    static final String REGION = ReimbursementFixture.REGION;
    static final LocalDate BIRTH = LocalDate.of(2024, 5, 20);
    static final String PAYABLE = "2203";
    static final String BANK = "1004";
    static final String EXPENSE = "5001010201";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestUsers users;
    @Autowired
    org.springframework.core.env.Environment env;
    @Autowired
    Enrollments enrollments;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    Reimbursements reimbursements;
    @Autowired
    ReimbursementPayments payments;
    @Autowired
    Postings postings;
    @Autowired
    MaternityEvents events;

    ReimbursementFixture fixture() {
        return new ReimbursementFixture(jdbc, users, enrollments);
    }

    BigDecimal balance(String account) {
        return postings.balance(REGION, Book.POOLED, account, LocalDate.now().plusYears(1));
    }

    /** What the region's next batch will owe anew: its approved claims with a benefit and no entry yet. */
    BigDecimal owedByNextBatch(LiangxianUser by) {
        return reimbursements.list(by, REGION, Reimbursements.Status.APPROVED).stream()
                .filter(c -> c.entryId() == null && c.benefit().signum() > 0).map(Reimbursements.Reimbursement::benefit)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    Reimbursements.Reimbursement load(String number) {
        return reimbursements.visible(users.clerk(REGION), number);
    }

    /** What the ledger still owes a claim on 2203: its batching entry, its reversal and the entries of its paid lines. */
    BigDecimal owedOnLedger(String number) {
        Reimbursements.Reimbursement r = load(number);
        List<JournalEntry> entries = new ArrayList<>();
        postings.findBySource(REGION, SourceType.MANUAL_PAYMENT, number).ifPresent(entries::add);
        if (r.cancelEntryId() != null) {
            entries.add(postings.find(REGION, r.cancelEntryId()).orElseThrow());
        }
        for (Reimbursements.Payment p : r.payments()) {
            if (p.paidEntryId() != null) {
                entries.add(postings.find(REGION, p.paidEntryId()).orElseThrow());
            }
        }
        BigDecimal owed = BigDecimal.ZERO;
        for (JournalEntry e : entries) {
            assertThat(e.legs().stream().filter(l -> l.side() == Side.CREDIT).map(JournalEntry.Leg::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add)).as("entry %s balances", e.entryNo())
                    .isEqualByComparingTo(e.total());
            for (JournalEntry.Leg l : e.legs()) {
                if (l.accountCode().equals(PAYABLE)) {
                    owed = l.side() == Side.CREDIT ? owed.add(l.amount()) : owed.subtract(l.amount());
                }
            }
        }
        return owed;
    }

    static BigDecimal sumExcept(ReimbursementPayments.Batch b, String... numbers) {
        List<String> out = Arrays.asList(numbers);
        return b.lines().stream().filter(l -> !out.contains(l.number())).map(Reimbursements.Payment::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static int lineOf(ReimbursementPayments.Batch b, String number) {
        return b.lines().stream().filter(l -> l.number().equals(number)).findFirst().orElseThrow().lineNo();
    }

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    static ThrowableAssert.ThrowingCallable call(Runnable r) {
        return r::run;
    }

    static String code(ThrowableAssert.ThrowingCallable c) {
        try {
            c.call();
        } catch (ApiException e) {
            return e.code();
        } catch (Throwable t) {
            throw new AssertionError("not an ApiException", t);
        }
        throw new AssertionError("not refused");
    }

    @Test
    void theBankPaysOneLineAndFailsAnotherWhichIsPaidInTheNextBatchAndTheSameFileAgainChangesNothing() {
        ReimbursementFixture fa = fixture();
        ReimbursementFixture fb = fixture();
        Reimbursements.Reimbursement a = fa.approved(reimbursements, fourEyes, BIRTH);
        Reimbursements.Reimbursement b = fb.approved(reimbursements, fourEyes, BIRTH);
        assertThat(a.status()).isEqualTo(Reimbursements.Status.APPROVED);
        assertThat(a.benefit()).isPositive();
        assertThat(a.entryId()).isNull();
        assertThat(events.find(REGION, Reimbursements.EVENT_SOURCE, a.number())).isEmpty();
        LiangxianUser finance = users.staff(Role.FINANCE, REGION);
        BigDecimal owed = owedByNextBatch(finance);
        BigDecimal payable0 = balance(PAYABLE);
        BigDecimal expense0 = balance(EXPENSE);
        BigDecimal bank0 = balance(BANK);

        // the batch owes the benefits (expenditure against 2203) and records the maternity events; no money moves yet
        ReimbursementPayments.Batch batch = payments.createBatch(finance, REGION, LocalDate.now());
        assertThat(batch.batchNo()).startsWith("BX" + REGION);
        assertThat(batch.lines()).extracting(Reimbursements.Payment::number).contains(a.number(), b.number());
        assertThat(batch.lines()).allSatisfy(l -> assertThat(l.status()).isEqualTo("SENT"));
        assertThat(batch.total()).isEqualByComparingTo(sumExcept(batch));
        Reimbursements.Payment lineA = batch.lines().get(lineOf(batch, a.number()) - 1);
        assertThat(lineA.amount()).isEqualByComparingTo(a.benefit());
        assertThat(lineA.payeeAccount()).endsWith("4567").doesNotContain(ReimbursementFixture.ACCOUNT);
        assertThat(lineA.payeeName()).isEqualTo("报****");
        assertThat(balance(PAYABLE)).isEqualByComparingTo(payable0.add(owed));
        assertThat(balance(EXPENSE)).isEqualByComparingTo(expense0.add(owed));
        assertThat(balance(BANK)).isEqualByComparingTo(bank0);
        Reimbursements.Reimbursement inBatch = load(a.number());
        assertThat(inBatch.status()).isEqualTo(Reimbursements.Status.IN_BATCH);
        JournalEntry owing = postings.find(REGION, inBatch.entryId()).orElseThrow();
        assertThat(owing.sourceType()).isEqualTo(SourceType.MANUAL_PAYMENT);
        assertThat(owing.legs()).extracting(JournalEntry.Leg::accountCode, JournalEntry.Leg::side)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(EXPENSE, Side.DEBIT),
                        org.assertj.core.groups.Tuple.tuple(PAYABLE, Side.CREDIT));
        assertThat(owing.total()).isEqualByComparingTo(a.benefit());
        assertThat(events.find(REGION, Reimbursements.EVENT_SOURCE, a.number())).get()
                .satisfies(e -> assertThat(e.id()).isEqualTo(inBatch.maternityEventId()));
        assertThat(owedOnLedger(a.number())).isEqualByComparingTo(a.benefit());

        // the bank file carries the full account and name for the bank; the stored lines do not
        byte[] bankFile = payments.bankFile(finance, batch.batchNo());
        String text = new String(bankFile, StandardCharsets.UTF_8);
        assertThat(text).startsWith(BankFiles.BANK_HEADER + "\r\n")
                .contains(batch.batchNo() + "," + lineA.lineNo() + "," + ReimbursementFixture.ACCOUNT + ",报销测试人,"
                        + a.benefit().toPlainString() + "\r\n");
        assertThat(count("""
                select count(*) from reimbursement_batch_line where region_code = ? and (payee_account_enc like ?
                   or payee_name_enc like ?)""", REGION, "%" + ReimbursementFixture.ACCOUNT + "%", "%报销测试人%"))
                .isZero();

        // a paid, b failed (the others of the batch paid)
        byte[] file = ReimbursementFixture.bankReturn(batch, bankFile,
                n -> n.equals(b.number()) ? "FAILED,账户已销户" : "PAID,");
        BigDecimal paid = sumExcept(batch, b.number());
        ReimbursementPayments.ReturnResult r = payments.importReturn(finance, REGION, "return.csv", file,
                LocalDate.now());
        assertThat(r.repeat()).isFalse();
        assertThat(r.batchNo()).isEqualTo(batch.batchNo());
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.paid()).isEqualTo(batch.lineCount() - 1);
        Reimbursements.Reimbursement paidA = load(a.number());
        Reimbursements.Reimbursement failedB = load(b.number());
        assertThat(paidA.status()).isEqualTo(Reimbursements.Status.PAID);
        assertThat(paidA.paidAt()).isNotNull();
        assertThat(paidA.paidBy()).isEqualTo(finance.getUsername());
        assertThat(failedB.status()).isEqualTo(Reimbursements.Status.PAYMENT_FAILED);
        assertThat(failedB.paidAt()).isNull();
        assertThat(failedB.payments()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("FAILED");
            assertThat(p.reason()).isEqualTo("账户已销户");
            assertThat(p.paidEntryId()).isNull();
        });
        // paid: cleared from 2203 against the bank; failed: still owed, nothing left the bank for it
        JournalEntry clearing = postings.find(REGION, paidA.payments().get(0).paidEntryId()).orElseThrow();
        assertThat(clearing.sourceType()).isEqualTo(SourceType.REIMBURSEMENT_BATCH);
        assertThat(clearing.sourceId()).isEqualTo(batch.batchNo() + "-" + lineA.lineNo());
        assertThat(clearing.legs()).extracting(JournalEntry.Leg::accountCode, JournalEntry.Leg::side)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(PAYABLE, Side.DEBIT),
                        org.assertj.core.groups.Tuple.tuple(BANK, Side.CREDIT));
        assertThat(owedOnLedger(a.number())).isZero();
        assertThat(owedOnLedger(b.number())).isEqualByComparingTo(b.benefit());
        assertThat(postings.findBySource(REGION, SourceType.REIMBURSEMENT_BATCH,
                batch.batchNo() + "-" + lineOf(batch, b.number()))).isEmpty();
        assertThat(balance(PAYABLE)).isEqualByComparingTo(payable0.add(owed).subtract(paid));
        assertThat(balance(BANK)).isEqualByComparingTo(bank0.subtract(paid));
        assertThat(balance(EXPENSE)).isEqualByComparingTo(expense0.add(owed));
        assertThat(payments.batch(finance, batch.batchNo()).status()).isEqualTo("RETURNED");

        // the same file again: the first answer, nothing written
        long entries = count("select count(*) from fund_entry where region_code = ?", REGION);
        long audits = count("select count(*) from audit_event");
        ReimbursementPayments.ReturnResult again = payments.importReturn(finance, REGION, "again.csv", file,
                LocalDate.now());
        assertThat(again.repeat()).isTrue();
        assertThat(again.id()).isEqualTo(r.id());
        assertThat(again.paid()).isEqualTo(r.paid());
        assertThat(again.failed()).isEqualTo(1);
        assertThat(count("select count(*) from fund_entry where region_code = ?", REGION)).isEqualTo(entries);
        assertThat(count("select count(*) from audit_event")).isEqualTo(audits);
        assertThat(load(b.number()).status()).isEqualTo(Reimbursements.Status.PAYMENT_FAILED);

        // b retried: into the next batch, owed already (no second entry), paid there
        Reimbursements.Reimbursement retried = payments.retry(finance, b.number(), "参保人已更正账户");
        assertThat(retried.status()).isEqualTo(Reimbursements.Status.APPROVED);
        assertThat(retried.entryId()).isEqualTo(failedB.entryId());
        BigDecimal owed2 = owedByNextBatch(finance);
        ReimbursementPayments.Batch second = payments.createBatch(finance, REGION, LocalDate.now());
        assertThat(second.batchNo()).isNotEqualTo(batch.batchNo());
        assertThat(second.lines()).extracting(Reimbursements.Payment::number).contains(b.number())
                .doesNotContain(a.number());
        assertThat(load(b.number()).entryId()).isEqualTo(failedB.entryId());
        assertThat(count("select count(*) from fund_entry where region_code = ? and source_type = 'MANUAL_PAYMENT' "
                + "and source_id = ?", REGION, b.number())).isEqualTo(1);
        assertThat(balance(PAYABLE)).isEqualByComparingTo(payable0.add(owed).subtract(paid).add(owed2));
        payments.importReturn(finance, REGION, "return2.csv", ReimbursementFixture.bankReturn(second,
                payments.bankFile(finance, second.batchNo()), n -> "PAID,"), LocalDate.now());
        Reimbursements.Reimbursement paidB = load(b.number());
        assertThat(paidB.status()).isEqualTo(Reimbursements.Status.PAID);
        assertThat(paidB.payments()).extracting(Reimbursements.Payment::batchNo, Reimbursements.Payment::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(batch.batchNo(), "FAILED"),
                        org.assertj.core.groups.Tuple.tuple(second.batchNo(), "PAID"));
        assertThat(owedOnLedger(b.number())).isZero();
        assertThat(balance(PAYABLE)).isEqualByComparingTo(payable0.add(owed).subtract(paid).add(owed2)
                .subtract(second.total()));
        assertThat(balance(BANK)).isEqualByComparingTo(bank0.subtract(paid).subtract(second.total()));
        assertThat(fb.auditActions(b.number())).containsSubsequence("REIMBURSEMENT_APPROVED", "REIMBURSEMENT_BATCHED",
                "REIMBURSEMENT_PAYMENT_FAILED", "REIMBURSEMENT_RETRY", "REIMBURSEMENT_BATCHED", "REIMBURSEMENT_PAID");
        assertThat(jdbc.sql("""
                select coalesce(before_masked, '') || ' ' || coalesce(after_masked, '') from audit_event
                 where object_id in (?, ?, ?)""").params(b.number(), batch.batchNo(), second.batchNo())
                .query(String.class).list()).isNotEmpty()
                .allSatisfy(t -> assertThat(t).doesNotContain(ReimbursementFixture.ACCOUNT).doesNotContain("报销测试人"));
    }

    @Test
    void aFailedPaymentCancelledReversesTheBatchingEntryAndWithdrawsTheMaternityEvent() {
        ReimbursementFixture fx = fixture();
        Reimbursements.Reimbursement c = fx.approved(reimbursements, fourEyes, BIRTH);
        LiangxianUser clerk = users.clerk(REGION);
        BigDecimal expense0 = balance(EXPENSE);
        BigDecimal owed = owedByNextBatch(clerk);
        ReimbursementPayments.Batch batch = payments.createBatch(clerk, REGION, LocalDate.now());
        payments.importReturn(clerk, REGION, "r.csv", ReimbursementFixture.bankReturn(batch,
                payments.bankFile(clerk, batch.batchNo()), n -> n.equals(c.number()) ? "FAILED,户名不符" : "PAID,"),
                LocalDate.now());
        Reimbursements.Reimbursement failed = load(c.number());
        assertThat(failed.status()).isEqualTo(Reimbursements.Status.PAYMENT_FAILED);
        assertThat(events.find(REGION, Reimbursements.EVENT_SOURCE, c.number())).isPresent();

        // a reason is required, and only a clerk or finance cancels
        assertThat(code(() -> payments.cancel(clerk, c.number(), " ", LocalDate.now())))
                .isEqualTo("REIMBURSEMENT_CANCEL_REASON_REQUIRED");
        assertThat(code(() -> payments.cancel(users.staff(Role.AGENCY_APPROVER, REGION), c.number(), "放弃",
                LocalDate.now()))).isEqualTo("FORBIDDEN");
        assertThat(load(c.number()).status()).isEqualTo(Reimbursements.Status.PAYMENT_FAILED);

        Reimbursements.Reimbursement cancelled = payments.cancel(clerk, c.number(), "参保人申请放弃报销",
                LocalDate.now());
        assertThat(cancelled.status()).isEqualTo(Reimbursements.Status.CANCELLED);
        assertThat(cancelled.cancelReason()).isEqualTo("参保人申请放弃报销");
        assertThat(cancelled.cancelledBy()).isEqualTo(clerk.getUsername());
        assertThat(cancelled.paidAt()).isNull();
        JournalEntry reversal = postings.find(REGION, cancelled.cancelEntryId()).orElseThrow();
        assertThat(reversal.sourceType()).isEqualTo(SourceType.REVERSAL);
        assertThat(reversal.reversesEntryId()).isEqualTo(failed.entryId());
        assertThat(reversal.legs()).extracting(JournalEntry.Leg::accountCode, JournalEntry.Leg::side)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(EXPENSE, Side.CREDIT),
                        org.assertj.core.groups.Tuple.tuple(PAYABLE, Side.DEBIT));
        assertThat(owedOnLedger(c.number())).isZero();
        // the expenditure is as if the claim had never been batched (the others of the batch were paid)
        assertThat(balance(EXPENSE)).isEqualByComparingTo(expense0.add(owed).subtract(c.benefit()));
        // no live maternity event: withdrawn with the reason, the row kept
        assertThat(events.find(REGION, Reimbursements.EVENT_SOURCE, c.number())).isEmpty();
        assertThat(events.ofPerson(clerk, fx.person)).noneMatch(e -> e.sourceRef().equals(c.number()));
        assertThat(jdbc.sql("select withdrawn_reason from maternity_event where id = ?")
                .param(failed.maternityEventId()).query(String.class).single()).contains("参保人申请放弃报销");
        // cancelled is the end: neither retried nor cancelled again, nor batched
        assertThat(code(() -> payments.retry(clerk, c.number(), null))).isEqualTo("REIMBURSEMENT_WRONG_STATUS");
        assertThat(code(() -> payments.cancel(clerk, c.number(), "再次", LocalDate.now())))
                .isEqualTo("REIMBURSEMENT_WRONG_STATUS");
        assertThat(reimbursements.list(clerk, REGION, Reimbursements.Status.APPROVED))
                .noneMatch(x -> x.number().equals(c.number()));
        assertThat(fx.auditActions(c.number())).containsSubsequence("REIMBURSEMENT_BATCHED",
                "REIMBURSEMENT_PAYMENT_FAILED", "REIMBURSEMENT_CANCELLED");
    }

    /** The return file with the row of one line changed (fields: batch_no, line_no, account, amount, status, reason). */
    static byte[] withRow(byte[] file, int lineNo, UnaryOperator<List<String>> change) {
        List<String> rows = new ArrayList<>(List.of(new String(file, StandardCharsets.UTF_8).split("\r\n")));
        for (int i = 1; i < rows.size(); i++) {
            List<String> f = new ArrayList<>(List.of(rows.get(i).split(",", -1)));
            if (Integer.parseInt(f.get(1)) == lineNo) {
                rows.set(i, String.join(",", change.apply(f)));
            }
        }
        return (String.join("\r\n", rows) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static UnaryOperator<List<String>> set(int field, String value) {
        return f -> {
            f.set(field, value);
            return f;
        };
    }

    @Test
    void aWrongReturnFileIsRefusedWholeAndWritesNothing() {
        ReimbursementFixture fx = fixture();
        Reimbursements.Reimbursement d = fx.approved(reimbursements, fourEyes, BIRTH);
        fixture().approved(reimbursements, fourEyes, BIRTH);
        LiangxianUser finance = users.staff(Role.FINANCE, REGION);
        ReimbursementPayments.Batch batch = payments.createBatch(finance, REGION, LocalDate.now());
        assertThat(batch.lines()).hasSizeGreaterThan(1);
        byte[] good = ReimbursementFixture.bankReturn(batch, payments.bankFile(finance, batch.batchNo()), n -> "PAID,");
        int line = lineOf(batch, d.number());
        int rowOfD = line + 1; // the bank file and its return keep the line order; the header is row 1
        String amount = d.benefit().toPlainString();
        String text = new String(good, StandardCharsets.UTF_8);
        int last = batch.lines().size();

        record Bad(String what, byte[] file, String code, Object[] args) {
        }
        List<Bad> bad = List.of(
                new Bad("wrong amount", withRow(good, line, set(3, d.benefit().add(new BigDecimal("0.01"))
                        .toPlainString())), "REIMBURSEMENT_RETURN_LINE", new Object[] { rowOfD, "amount" }),
                new Bad("wrong account", withRow(good, line, set(2, "6222020200001234568")),
                        "REIMBURSEMENT_RETURN_LINE", new Object[] { rowOfD, "account" }),
                new Bad("unknown line", (text + batch.batchNo() + "," + (last + 1) + "," + ReimbursementFixture.ACCOUNT
                        + "," + amount + ",PAID,\r\n").getBytes(StandardCharsets.UTF_8), "REIMBURSEMENT_RETURN_LINE",
                        new Object[] { last + 2, "line_no" }),
                new Bad("the same line twice", (text + batch.batchNo() + "," + line + "," + ReimbursementFixture.ACCOUNT
                        + "," + amount + ",FAILED,重复\r\n").getBytes(StandardCharsets.UTF_8),
                        "REIMBURSEMENT_RETURN_LINE", new Object[] { last + 2, "line_no" }),
                new Bad("another batch on a later row", withRow(good, last, set(0, batch.batchNo() + "9")),
                        "REIMBURSEMENT_RETURN_LINE", new Object[] { last + 1, "batch_no" }),
                new Bad("failed without a reason", withRow(good, line, set(4, "FAILED")),
                        "REIMBURSEMENT_RETURN_LINE", new Object[] { rowOfD, "reason" }),
                new Bad("unknown status", withRow(good, line, set(4, "MAYBE")), "REIMBURSEMENT_RETURN_LINE",
                        new Object[] { rowOfD, "status" }),
                new Bad("not a number", withRow(good, line, set(3, "12.3x")), "REIMBURSEMENT_RETURN_LINE",
                        new Object[] { rowOfD, "amount" }),
                new Bad("a comma too many", withRow(good, line, set(3, "12,3")), "REIMBURSEMENT_RETURN_LINE",
                        new Object[] { rowOfD, "columns" }),
                new Bad("no such batch", text.replace(batch.batchNo(), "BX" + REGION + "199901010001")
                        .getBytes(StandardCharsets.UTF_8), "REIMBURSEMENT_RETURN_UNKNOWN_BATCH",
                        new Object[] { "BX" + REGION + "199901010001" }),
                new Bad("a header short of columns", text.replace(BankFiles.RETURN_HEADER,
                        "batch_no,line_no,account,amount").getBytes(StandardCharsets.UTF_8), "REIMBURSEMENT_RETURN_HEADER",
                        new Object[] { BankFiles.RETURN_HEADER }),
                new Bad("only the header", (BankFiles.RETURN_HEADER + "\r\n").getBytes(StandardCharsets.UTF_8),
                        "REIMBURSEMENT_RETURN_EMPTY", new Object[0]),
                new Bad("empty", new byte[0], "REIMBURSEMENT_RETURN_EMPTY", new Object[0]));

        long entries = count("select count(*) from fund_entry where region_code = ?", REGION);
        long files = count("select count(*) from payment_return_file where region_code = ?", REGION);
        for (Bad b : bad) {
            assertThatThrownBy(() -> payments.importReturn(finance, REGION, "bad.csv", b.file(), LocalDate.now()))
                    .as(b.what()).isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).as(b.what()).isEqualTo(b.code());
                        assertThat(e.args()).as(b.what()).containsExactly(b.args());
                    });
            // nothing of the file was imported, not even its good lines
            assertThat(count("select count(*) from fund_entry where region_code = ?", REGION)).as(b.what())
                    .isEqualTo(entries);
            assertThat(count("select count(*) from payment_return_file where region_code = ?", REGION))
                    .as(b.what()).isEqualTo(files);
            assertThat(payments.batch(finance, batch.batchNo()).lines()).as(b.what())
                    .allSatisfy(l -> assertThat(l.status()).isEqualTo("SENT"));
            assertThat(load(d.number()).status()).as(b.what()).isEqualTo(Reimbursements.Status.IN_BATCH);
        }

        // the right file goes in; then a file that says otherwise about a line is refused
        ReimbursementPayments.ReturnResult r = payments.importReturn(finance, REGION, "good.csv", good, LocalDate.now());
        assertThat(r.paid()).isEqualTo(batch.lineCount());
        assertThat(load(d.number()).status()).isEqualTo(Reimbursements.Status.PAID);
        long after = count("select count(*) from fund_entry where region_code = ?", REGION);
        assertThat(code(() -> payments.importReturn(finance, REGION, "contrary.csv",
                withRow(good, line, f -> {
                    f.set(4, "FAILED");
                    f.set(5, "银行冲正");
                    return f;
                }), LocalDate.now())))
                .isEqualTo("REIMBURSEMENT_RETURN_CONFLICT");
        assertThat(load(d.number()).status()).isEqualTo(Reimbursements.Status.PAID);
        assertThat(count("select count(*) from fund_entry where region_code = ?", REGION)).isEqualTo(after);
        assertThat(payments.batch(finance, batch.batchNo()).status()).isEqualTo("RETURNED");
    }

    @Test
    void onlyClerksAndFinanceOfTheClaimsRegionBatchImportRetryAndCancel() {
        ReimbursementFixture fx = fixture();
        Reimbursements.Reimbursement e = fx.approved(reimbursements, fourEyes, BIRTH);
        LiangxianUser finance = users.staff(Role.FINANCE, REGION);
        LiangxianUser elsewhere = users.clerk("320400");
        LiangxianUser financeElsewhere = users.staff(Role.FINANCE, "320400");
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, REGION);
        LiangxianUser insured = fx.insured;
        long batches = count("select count(*) from reimbursement_batch where region_code = ?", REGION);

        // another region's clerk and finance: as if there were nothing; a reviewer, approver or the insured: refused
        for (LiangxianUser u : List.of(elsewhere, financeElsewhere)) {
            assertThat(code(() -> payments.createBatch(u, REGION, LocalDate.now()))).isEqualTo("NOT_FOUND");
            assertThat(code(() -> payments.batches(u, REGION))).isEqualTo("NOT_FOUND");
        }
        for (LiangxianUser u : List.of(approver, users.staff(Role.AGENCY_REVIEWER, REGION), insured)) {
            assertThat(code(() -> payments.createBatch(u, REGION, LocalDate.now()))).isEqualTo("FORBIDDEN");
        }
        assertThat(count("select count(*) from reimbursement_batch where region_code = ?", REGION)).isEqualTo(batches);
        assertThat(load(e.number()).status()).isEqualTo(Reimbursements.Status.APPROVED);

        ReimbursementPayments.Batch batch = payments.createBatch(users.clerk(REGION), REGION, LocalDate.now());
        byte[] bankFile = payments.bankFile(finance, batch.batchNo());
        byte[] file = ReimbursementFixture.bankReturn(batch, bankFile,
                n -> n.equals(e.number()) ? "FAILED,账号不存在" : "PAID,");
        for (LiangxianUser u : List.of(elsewhere, financeElsewhere)) {
            assertThat(code(() -> payments.batch(u, batch.batchNo()))).isEqualTo("NOT_FOUND");
            assertThat(code(() -> payments.bankFile(u, batch.batchNo()))).isEqualTo("NOT_FOUND");
            assertThat(code(() -> payments.importReturn(u, REGION, "r.csv", file, LocalDate.now())))
                    .isEqualTo("NOT_FOUND");
        }
        // the reviewer reads the batch, but neither downloads the bank file nor imports the return
        assertThat(payments.batch(approver, batch.batchNo()).lines()).isNotEmpty();
        assertThat(code(() -> payments.bankFile(approver, batch.batchNo()))).isEqualTo("FORBIDDEN");
        assertThat(code(() -> payments.importReturn(approver, REGION, "r.csv", file, LocalDate.now())))
                .isEqualTo("FORBIDDEN");
        assertThat(code(() -> payments.batch(insured, batch.batchNo()))).isEqualTo("FORBIDDEN");
        assertThat(payments.batch(finance, batch.batchNo()).lines())
                .allSatisfy(l -> assertThat(l.status()).isEqualTo("SENT"));

        payments.importReturn(finance, REGION, "r.csv", file, LocalDate.now());
        for (LiangxianUser u : List.of(elsewhere, financeElsewhere)) {
            assertThat(code(() -> payments.retry(u, e.number(), null))).isEqualTo("NOT_FOUND");
            assertThat(code(() -> payments.cancel(u, e.number(), "放弃", LocalDate.now()))).isEqualTo("NOT_FOUND");
        }
        assertThat(code(() -> payments.retry(approver, e.number(), null))).isEqualTo("FORBIDDEN");
        assertThat(code(() -> payments.retry(insured, e.number(), null))).isEqualTo("FORBIDDEN");
        assertThat(load(e.number()).status()).isEqualTo(Reimbursements.Status.PAYMENT_FAILED);
        assertThat(payments.retry(users.clerk(REGION), e.number(), "重新支付").status())
                .isEqualTo(Reimbursements.Status.APPROVED);
    }

    @Test
    void aClaimApprovedWithNothingToPayIsClosedAtOnceAndNeverGoesToTheBank() {
        ReimbursementFixture fx = fixture();
        Reimbursements.Reimbursement r = fx.nothingPayable(reimbursements, fourEyes, BIRTH);
        Reimbursements.Reimbursement closed = load(r.number());
        assertThat(closed.benefit()).isZero();
        assertThat(closed.status()).isEqualTo(Reimbursements.Status.PAID);
        assertThat(closed.paidAt()).isNotNull();
        assertThat(closed.entryId()).isNull();
        assertThat(closed.payments()).isEmpty();
        assertThat(postings.findBySource(REGION, SourceType.MANUAL_PAYMENT, r.number())).isEmpty();
        assertThat(events.find(REGION, Reimbursements.EVENT_SOURCE, r.number())).isPresent();
        // she is not told it was paid: it was closed with nothing payable
        assertThat(closed.shownStatus()).isEqualTo(Reimbursements.NOTHING_PAYABLE);
        assertThat(fixture().approved(reimbursements, fourEyes, BIRTH).shownStatus()).isEqualTo("APPROVED");
        WebSession web = new WebSession(new Http(env).base());
        web.login(fx.insured.getUsername(), TestUsers.PASSWORD);
        WebSession.Page detail = web.get("/ui/me/reimbursements/" + r.number());
        assertThat(detail.status()).isEqualTo(200);
        java.util.regex.Matcher shown = java.util.regex.Pattern.compile("id=\"rb-status\"[^>]*>([^<]*)<").matcher(detail.body());
        assertThat(shown.find()).isTrue();
        assertThat(shown.group(1)).isEqualTo("已审结，无应付金额");
        assertThat(web.get("/ui/me/reimbursements?lang=en").body()).contains("Closed: nothing payable")
                .doesNotContain(">Paid<");
        assertThat(web.get("/ui/me/timeline?lang=zh_CN").body()).contains("已审结，无应付金额");
    }

    @Test
    void theFilesAreReadAsTheBankWritesThem() {
        List<BankFiles.ReturnLine> lines = BankFiles.parse("REIMBURSEMENT", ("\uFEFF batch_no, line_no,account,amount,"
                + "status,reason\r\nBX1,1,6222,10.50,paid\r\n\r\nBX1,2,6223,3,FAILED, 户名不符 \n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(lines).containsExactly(
                new BankFiles.ReturnLine(2, "BX1", 1, "6222", new BigDecimal("10.50"), BankFiles.LineStatus.PAID, null),
                new BankFiles.ReturnLine(4, "BX1", 2, "6223", new BigDecimal("3"), BankFiles.LineStatus.FAILED,
                        "户名不符"));
        assertThat(new String(BankFiles.bankFile("BX1", List.of(new BankFiles.SentLine(1, "6222", "林,芳",
                new BigDecimal("10.50"), BankFiles.LineStatus.SENT))), StandardCharsets.UTF_8))
                .isEqualTo("batch_no,line_no,account,name,amount\r\nBX1,1,6222,林 芳,10.50\r\n");
        assertThat(code(() -> BankFiles.parse("ALLOWANCE", "batch_no,line_no\r\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("ALLOWANCE_RETURN_HEADER");
        Function<String, Runnable> check = f -> () -> BankFiles.check("REIMBURSEMENT", "BX1",
                BankFiles.parse("REIMBURSEMENT", (BankFiles.RETURN_HEADER + "\r\n" + f).getBytes(StandardCharsets.UTF_8)),
                List.of(new BankFiles.SentLine(1, "6222", "林芳", new BigDecimal("10.50"), BankFiles.LineStatus.PAID)));
        check.apply("BX1,1,6222,10.5,PAID,").run(); // answered before the same way: fine
        assertThat(code(call(check.apply("BX1,1,6222,10.50,FAILED,退回")))).isEqualTo("REIMBURSEMENT_RETURN_CONFLICT");
    }
}
