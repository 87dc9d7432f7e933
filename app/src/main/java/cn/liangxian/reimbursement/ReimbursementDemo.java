package cn.liangxian.reimbursement;

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



import org.springframework.stereotype.Component;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.institution.Catalogs;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.UserAccounts;

/**
 * The demo's manual reimbursements of {@code mother.guangzhou}: an earlier prenatal-care claim reviewed by
 * {@code clerk.guangzhou} against the catalog and approved by {@code approver.guangzhou} (waiting for the next
 * payment batch), and a recent delivery abroad just filed (waiting for the clerk). Each step is done as that demo user,
 * through the service, so the audit trail and the approvals queue show them. The prenatal lines carry codes of the
 * demo catalog ({@code institution/demo-catalog.csv}); without that catalog both claims stay filed. Idempotent: a mother with claims
 * is left alone. Never active outside the demo profile.
 */
@Component
@Profile("demo")
@Order(500)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class ReimbursementDemo implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReimbursementDemo.class);
    static final String REGION = "440100";

    private final Reimbursements reimbursements;
    private final UserAccounts accounts;
    private final Catalogs catalogs;
    private final FourEyes fourEyes;

    ReimbursementDemo(Reimbursements reimbursements, UserAccounts accounts, Catalogs catalogs, FourEyes fourEyes) {
        this.reimbursements = reimbursements;
        this.accounts = accounts;
        this.catalogs = catalogs;
        this.fourEyes = fourEyes;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<LiangxianUser> mother = accounts.find("mother.guangzhou");
        Optional<LiangxianUser> clerk = accounts.find("clerk.guangzhou");
        Optional<LiangxianUser> approver = accounts.find("approver.guangzhou");
        if (mother.isEmpty() || clerk.isEmpty() || approver.isEmpty()) {
            return;
        }
        LiangxianUser m = mother.get();
        if (!reimbursements.ofPerson(m.personId()).isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now();
        LocalDate prenatal = today.minusMonths(5).withDayOfMonth(12);
        LocalDate birth = today.minusDays(20);
        // the prenatal claim: items of the demo catalog (甲 within and above its price cap, 乙, 丙) and one line that
        // is no medical cost at all
        List<DemoLine> lines = List.of(new DemoLine("311201001", "产前检查", "4", "48.00"),
                new DemoLine("311201002", "胎心监测（电子胎心监护）", "2", "80.00"),
                new DemoLine("311201003", "胎儿心电图", "1", "25.00"),
                new DemoLine("XZB01AAXA001", "复方阿胶浆（20ml）", "6", "96.00"),
                new DemoLine(null, "孕期营养咨询", "1", "120.00"));
        boolean reviewable = lines.stream().filter(l -> l.code() != null)
                .allMatch(l -> catalogs.item(REGION, l.code(), prenatal).isPresent());
        List<Reimbursements.FeeLine> checks = lines.stream().map(l -> new Reimbursements.FeeLine(
                reviewable ? l.code() : null, l.name(), new BigDecimal(l.quantity()), new BigDecimal(l.amount())))
                .toList();
        Reimbursements.Reimbursement first = as(m, () -> reimbursements.submit(m, new Reimbursements.NewReimbursement(
                m.personId(), "PRENATAL_CARE", 1, prenatal, "中山大学附属第一医院（异地就医未备案）", "OUT_OF_REGION",
                "中国工商银行广州天河支行", "6222023602001234567", checks), List.of(invoice("产检发票.pdf")), today));
        if (reviewable) {
            List<Reimbursements.LineReview> decisions = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                decisions.add(new Reimbursements.LineReview(i + 1, null,
                        lines.get(i).code() == null ? "营养咨询不属于生育医疗费用" : null));
            }
            Reimbursements.Reimbursement reviewed = as(clerk.get(),
                    () -> reimbursements.review(clerk.get(), first.number(), decisions));
            if (reviewed.approvalId() != null) {
                as(approver.get(), () -> fourEyes.approve(approver.get(), reviewed.approvalId(),
                        "发票与目录核对无误，同意支付"));
            }
        }
        List<Reimbursements.FeeLine> delivery = new ArrayList<>();
        delivery.add(new Reimbursements.FeeLine(null, "住院分娩（顺产）", BigDecimal.ONE, new BigDecimal("4860.00")));
        delivery.add(new Reimbursements.FeeLine(null, "新生儿护理", new BigDecimal("3"), new BigDecimal("450.00")));
        Reimbursements.Reimbursement second = as(m, () -> reimbursements.submit(m, new Reimbursements.NewReimbursement(
                m.personId(), "NORMAL_DELIVERY", 1, birth, "香港养和医院", "OUT_OF_REGION", "中国工商银行广州天河支行",
                "6222023602001234567", delivery), List.of(invoice("分娩发票.pdf")), today));
        log.info("Demo reimbursements of mother.guangzhou: {} ({}), {} ({})", first.number(),
                reviewable ? "reviewed and approved" : "filed; no demo catalog", second.number(), "filed");
    }

    /** A fee line of the demo invoice: the demo catalog's code (none: not a catalog item), name, quantity, amount. */
    record DemoLine(String code, String name, String quantity, String amount) {
    }

    /** A one-page PDF standing in for a scanned invoice. */
    private static Reimbursements.Upload invoice(String name) {
        String pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        return new Reimbursements.Upload(name, pdf.getBytes(StandardCharsets.US_ASCII));
    }
}
