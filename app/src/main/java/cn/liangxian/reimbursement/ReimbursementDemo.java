package cn.liangxian.reimbursement;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.institution.CatalogItem;
import cn.liangxian.institution.Catalogs;
import cn.liangxian.institution.ItemClass;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.UserAccounts;

/**
 * The demo's manual reimbursements of {@code mother.guangzhou}: an earlier prenatal-care claim reviewed by
 * {@code clerk.guangzhou} against the catalog and approved by {@code approver.guangzhou} (waiting for finance to
 * pay), and a recent delivery abroad just filed (waiting for the clerk). Each step is done as that demo user,
 * through the service, so the audit trail and the approvals queue show them. Lines are matched to maternity items
 * of the demo catalog when it holds some; without a catalog both claims stay filed. Idempotent: a mother with claims
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
        List<CatalogItem> items = catalogs.search(REGION, "", null, true, prenatal, 200);
        Optional<CatalogItem> a = first(items, ItemClass.A);
        Optional<CatalogItem> b = first(items, ItemClass.B);
        Optional<CatalogItem> c = first(items, ItemClass.C);

        List<Reimbursements.FeeLine> checks = new ArrayList<>();
        checks.add(line(a, "产前检查（B超、血常规）", "1", "386.00"));
        checks.add(line(b, "产科用药", "2", "96.40"));
        checks.add(line(c, "孕期营养咨询", "1", "120.00"));
        Reimbursements.Reimbursement first = as(m, () -> reimbursements.submit(m, new Reimbursements.NewReimbursement(
                m.personId(), "PRENATAL_CARE", 1, prenatal, "中山大学附属第一医院（异地就医未备案）", "OUT_OF_REGION",
                "中国工商银行广州天河支行", "6222023602001234567", checks), List.of(invoice("产检发票.pdf")), today));
        boolean reviewable = a.isPresent() && b.isPresent();
        if (reviewable) {
            List<Reimbursements.LineReview> decisions = List.of(new Reimbursements.LineReview(1, null, null),
                    new Reimbursements.LineReview(2, null, null), c.isPresent()
                            ? new Reimbursements.LineReview(3, null, null)
                            : new Reimbursements.LineReview(3, null, "营养咨询不属于生育医疗费用"));
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

    private static Optional<CatalogItem> first(List<CatalogItem> items, ItemClass cls) {
        return items.stream().filter(i -> i.itemClass() == cls).findFirst();
    }

    private static Reimbursements.FeeLine line(Optional<CatalogItem> item, String fallbackName, String qty,
            String amount) {
        return new Reimbursements.FeeLine(item.map(CatalogItem::code).orElse(null),
                item.map(CatalogItem::name).orElse(fallbackName), new BigDecimal(qty), new BigDecimal(amount));
    }

    /** A one-page PDF standing in for a scanned invoice. */
    private static Reimbursements.Upload invoice(String name) {
        String pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        return new Reimbursements.Upload(name, pdf.getBytes(StandardCharsets.US_ASCII));
    }

    private static <T> T as(LiangxianUser user, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
