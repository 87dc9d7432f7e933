package cn.liangxian.benefit;

import static cn.liangxian.security.SignedInAs.as;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;



import org.springframework.stereotype.Component;

import cn.liangxian.collection.WageBases;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.UserAccounts;

/**
 * The demo's allowance claims, each at another stage, filed and worked by the demo users themselves: in Changzhou
 * {@code hr.changzhou} files four claims for women of her employer (births settled elsewhere, each with a scanned
 * certificate as its evidence file, a small generated PDF) — one awaits review,
 * one is approved and awaits payment, one was paid through a batch and the bank's return, one failed at the bank;
 * in Erenhot the clerk's claim is refused because the fund pays no allowance there; in Guangzhou
 * {@code mother.guangzhou} files her own and is refused for too few contribution months. The employer's wage
 * declaration for the year is made first by the region's clerk (the allowance is paid at its average). Runs once:
 * nothing is done when the Changzhou employer has claims already.
 */
@Component
@Profile("demo")
@Order(400)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class AllowanceDemo implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AllowanceDemo.class);
    static final String CHANGZHOU = "320400";
    static final String CHANGZHOU_EMPLOYER = "9132041113572468XM";
    static final String ERENHOT = "152501";
    static final String ERENHOT_EMPLOYER = "911525017081526324";
    static final String GUANGZHOU = "440100";

    private final AllowanceClaims claims;
    private final AllowancePayments payments;
    private final Enrollments enrollments;
    private final WageBases wageBases;
    private final UserAccounts accounts;
    private final JdbcClient jdbc;

    AllowanceDemo(AllowanceClaims claims, AllowancePayments payments, Enrollments enrollments, WageBases wageBases,
            UserAccounts accounts, JdbcClient jdbc) {
        this.claims = claims;
        this.payments = payments;
        this.enrollments = enrollments;
        this.wageBases = wageBases;
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (jdbc.sql("select count(*) from allowance_claim where employer_uscc = ?").param(CHANGZHOU_EMPLOYER)
                .query(Integer.class).single() > 0) {
            return;
        }
        Optional<LiangxianUser> hr = accounts.find("hr.changzhou");
        Optional<LiangxianUser> clerk = accounts.find("clerk.changzhou");
        if (hr.isEmpty() || clerk.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now();
        int filed = as(clerk.get(), () -> changzhou(hr.get(), clerk.get(), today));
        filed += accounts.find("clerk.erenhot").map(c -> as(c, () -> erenhot(c, today))).orElse(0);
        filed += accounts.find("mother.guangzhou").map(m -> as(m, () -> guangzhou(m, today))).orElse(0);
        log.info("Demo allowance claims filed: {}", filed);
    }

    private int changzhou(LiangxianUser hr, LiangxianUser clerk, LocalDate today) {
        List<Enrollments.RosterLine> roster = enrollments.roster(clerk, CHANGZHOU_EMPLOYER, today);
        List<Enrollments.RosterLine> women = roster.stream().filter(r -> "F".equals(r.sex()) && r.maternitySince() != null
                && r.maternitySince().isBefore(today.minusYears(1))).limit(4).toList();
        if (women.isEmpty()) {
            return 0;
        }
        int[] daysAgo = { 20, 45, 75, 110 };
        for (int i = 0; i < women.size(); i++) {
            declare(clerk, roster, today.minusDays(daysAgo[i]).getYear());
        }
        List<AllowanceClaims.Claim> filed = new ArrayList<>();
        for (int i = 0; i < women.size(); i++) {
            AllowanceClaims.Filing f = new AllowanceClaims.Filing(women.get(i).personId(), today.minusDays(daysAgo[i]),
                    i == 2 ? "CAESAREAN_DELIVERY" : "NORMAL_DELIVERY", 1, null,
                    "出生医学证明 Q32" + String.format("%07d", 410 + i) + "，上海市第一妇婴保健院（异地分娩），出院小结", null, null);
            List<AllowanceClaims.EvidenceUpload> scan = evidence("Q32" + String.format("%07d", 410 + i));
            filed.add(as(hr, () -> claims.file(hr, f, scan)));
        }
        // the oldest was paid, the next failed at the bank, the next awaits payment, the newest awaits review
        List<AllowanceClaims.Claim> toPay = filed.size() > 2 ? filed.subList(2, filed.size()) : List.of();
        for (AllowanceClaims.Claim c : toPay) {
            claims.review(clerk, c.id(), "证明材料齐全，参保缴费正常");
        }
        if (!toPay.isEmpty()) {
            AllowancePayments.Batch batch = payments.createBatch(clerk, CHANGZHOU);
            String[] bank = new String(payments.bankFile(clerk, batch.id()), StandardCharsets.UTF_8).split("\r\n");
            StringBuilder ret = new StringBuilder(AllowancePayments.HEADER + "\r\n");
            for (int i = 1; i < bank.length; i++) {
                String[] f = bank[i].split(",");
                long claimId = batch.lines().get(i - 1).claimId();
                boolean fail = filed.size() > 3 && claimId == filed.get(2).id();
                ret.append(f[0]).append(',').append(f[1]).append(',').append(f[2]).append(',').append(f[4])
                        .append(fail ? ",FAILED,收款账户户名与开户名不符" : ",PAID,").append("\r\n");
            }
            payments.importReturn(clerk, CHANGZHOU, "demo-return-" + batch.batchNo() + ".csv",
                    ret.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (filed.size() > 1) {
            claims.review(clerk, filed.get(1).id(), "证明材料齐全");
        }
        return filed.size();
    }

    /** The region's clerk declares the employer's wages for a year (each employee's prior-year monthly average). */
    private void declare(LiangxianUser clerk, List<Enrollments.RosterLine> roster, int year) {
        if (wageBases.employerWages(CHANGZHOU, CHANGZHOU_EMPLOYER, year).isPresent()) {
            return;
        }
        List<WageBases.Line> lines = new ArrayList<>();
        for (int i = 0; i < roster.size(); i++) {
            lines.add(new WageBases.Line(roster.get(i).personId(), null, null, null,
                    new BigDecimal(3600 + (i % 6) * 300).setScale(2)));
        }
        wageBases.declare(clerk, CHANGZHOU_EMPLOYER, year, lines);
    }

    /** A one-page PDF standing for the scan of a birth medical certificate (the demo has no real scans). */
    static List<AllowanceClaims.EvidenceUpload> evidence(String certificateNo) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.lowagie.text.Document doc = new com.lowagie.text.Document(com.lowagie.text.PageSize.A5);
        com.lowagie.text.pdf.PdfWriter.getInstance(doc, out);
        doc.open();
        doc.add(new com.lowagie.text.Paragraph("Birth medical certificate " + certificateNo + " (demo scan)"));
        doc.add(new com.lowagie.text.Paragraph("Discharge summary attached. Generated for the demonstration only."));
        doc.close();
        return List.of(new AllowanceClaims.EvidenceUpload("birth-certificate-" + certificateNo + ".pdf",
                out.toByteArray()));
    }

    private int erenhot(LiangxianUser clerk, LocalDate today) {
        return enrollments.roster(clerk, ERENHOT_EMPLOYER, today).stream()
                .filter(r -> "F".equals(r.sex()) && r.maternitySince() != null).findFirst().map(w -> {
                    claims.file(clerk, new AllowanceClaims.Filing(w.personId(), today.minusDays(30), "NORMAL_DELIVERY", 1,
                            null, "出生医学证明 K15" + String.format("%07d", 77) + "，二连浩特市医院", null, null),
                            evidence("K150000077"));
                    return 1;
                }).orElse(0);
    }

    private int guangzhou(LiangxianUser mother, LocalDate today) {
        claims.file(mother, new AllowanceClaims.Filing(mother.personId(), today.minusDays(25), "NORMAL_DELIVERY", 1, null,
                "出生医学证明 P44" + String.format("%07d", 1227) + "，广州市妇女儿童医疗中心", null, null),
                evidence("P440001227"));
        return 1;
    }
}
