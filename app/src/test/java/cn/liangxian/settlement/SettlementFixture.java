package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.InstitutionLevel;
import cn.liangxian.institution.InstitutionType;
import cn.liangxian.institution.Institutions;
import cn.liangxian.institution.NewAgreement;
import cn.liangxian.institution.NewInstitution;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.TestUsers;

/**
 * Builds what a settlement test needs through the real services: a contracted hospital with its agreement and
 * signing key, insured women, catalog items; and a signed-in hospital client.
 */
final class SettlementFixture {

    /** Catalog items of the tests (the national catalog is a reference table: added once, shared by all tests). */
    static final String CLASS_A = "TSVC-A-0001";
    static final String CLASS_B = "TDRG-B-0001";
    static final String CLASS_C = "TSVC-C-0001";
    static final BigDecimal CAP_A = new BigDecimal("200.00");

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A hospital of the tests with its key. */
    record Hospital(String code, String region, String name, byte[] secret) {
    }

    private final TestUsers users;
    private final Institutions institutions;
    private final Agreements agreements;
    private final InstitutionKeys keys;
    private final Enrollments enrollments;
    private final JdbcClient jdbc;
    private final String base;

    SettlementFixture(TestUsers users, Institutions institutions, Agreements agreements, InstitutionKeys keys,
            Enrollments enrollments, JdbcClient jdbc, Environment env) {
        this.users = users;
        this.institutions = institutions;
        this.agreements = agreements;
        this.keys = keys;
        this.enrollments = enrollments;
        this.jdbc = jdbc;
        this.base = "http://127.0.0.1:" + env.getRequiredProperty("local.server.port");
        catalog();
    }

    /** The same, with the services taken from the test's application context. */
    static SettlementFixture of(org.springframework.context.ApplicationContext context) {
        return new SettlementFixture(context.getBean(TestUsers.class), context.getBean(Institutions.class),
                context.getBean(Agreements.class), context.getBean(InstitutionKeys.class),
                context.getBean(Enrollments.class), context.getBean(JdbcClient.class), context.getEnvironment());
    }

    /** A contracted hospital in the region with an agreement from 2020 on the region's defaults (or the quotas given). */
    Hospital hospital(String region, NewAgreement agreement) {
        LiangxianUser clerk = users.clerk(region);
        String code = "T" + region + String.format("%03d%02d", SEQ.incrementAndGet() % 1000,
                ThreadLocalRandom.current().nextInt(100));
        String name = "测试妇幼保健院" + code.substring(code.length() - 5);
        as(clerk, () -> institutions.register(region, new NewInstitution(code, name, InstitutionLevel.GRADE_3A,
                InstitutionType.MATERNITY_CHILD_HEALTH, "中国工商银行", "1105020109001234567")));
        as(clerk, () -> agreements.create(code, agreement == null
                ? NewAgreement.withDefaults(LocalDate.of(2020, 1, 1), null, List.of("生育医疗费用按协议结算"))
                : agreement));
        String secret = keys.issue(code, region);
        return new Hospital(code, region, name, Base64.getDecoder().decode(secret));
    }

    Hospital hospital(String region) {
        return hospital(region, null);
    }

    /** A client of the hospital, signed in. */
    HisClient client(Hospital h, boolean perInfno) {
        HisClient c = new HisClient(base, h.code(), h.name(), h.region(), h.secret(), perInfno);
        if (c.signIn().infcode() != 0) {
            throw new IllegalStateException("sign-in failed");
        }
        return c;
    }

    HisClient client(Hospital h) {
        return client(h, false);
    }

    /** An employed woman of the region, insured in 310 and 510 from 2021; her ID number. */
    String employedWoman(String region) {
        String employer = users.employerIn(region, LocalDate.of(2015, 1, 1));
        String id = TestUsers.womanId(region.substring(0, 4) + "02");
        long p = users.person(region, id, "孙丽");
        enrollments.enrollEmployee(users.clerk(region), Enrollments.Enrollee.of(p), employer, LocalDate.of(2021, 1, 1),
                Set.of(), Enrollments.Source.ENROLLMENT);
        return id;
    }

    /** The fee lines of a visit costing {@code a} of 甲 items (below the cap), {@code b} of 乙, {@code c} of 丙. */
    static List<HisFlows.Fee> fees(String a, String b, String c) {
        List<HisFlows.Fee> f = new java.util.ArrayList<>();
        if (new BigDecimal(a).signum() > 0) {
            f.add(new HisFlows.Fee(CLASS_A, "H-A1", BigDecimal.ONE, new BigDecimal(a)));
        }
        if (new BigDecimal(b).signum() > 0) {
            f.add(new HisFlows.Fee(CLASS_B, "H-B1", BigDecimal.ONE, new BigDecimal(b)));
        }
        if (new BigDecimal(c).signum() > 0) {
            f.add(new HisFlows.Fee(CLASS_C, "H-C1", BigDecimal.ONE, new BigDecimal(c)));
        }
        return f;
    }

    /**
     * A delivery settled through the interface (2401 … 2304): admitted on the day, delivered that evening, the fee
     * lines given; normal (matn_type 1) or caesarean (3).
     */
    static HisFlows.Encounter delivery(HisFlows flows, String woman, LocalDate day, boolean caesarean,
            List<HisFlows.Fee> fees) {
        HisFlows.Encounter e = flows.inpatient(woman, "D" + System.nanoTime() % 1_000_000_000L, day.atTime(8, 0),
                new HisFlows.Maternity("52", caesarean ? "3" : "1", null, 39, 1, day.atTime(20, 0)), fees);
        if (!e.settled()) {
            throw new IllegalStateException("delivery not settled: " + e.steps());
        }
        return e;
    }

    /** Class 甲 fee lines (below the price cap) adding up to exactly {@code total}. */
    static List<HisFlows.Fee> classA(BigDecimal total) {
        BigDecimal price = new BigDecimal("150.00");
        BigDecimal[] qr = total.divideAndRemainder(price);
        List<HisFlows.Fee> f = new java.util.ArrayList<>();
        if (qr[0].signum() > 0) {
            f.add(new HisFlows.Fee(CLASS_A, "H-A1", qr[0], price));
        }
        if (qr[1].signum() > 0) {
            f.add(new HisFlows.Fee(CLASS_A, "H-A2", BigDecimal.ONE, qr[1].setScale(2)));
        }
        return f;
    }

    private void catalog() {
        insert(CLASS_A, "测试甲类诊疗项目", "SERVICE", "A", CAP_A);
        insert(CLASS_B, "测试乙类药品", "DRUG", "B", null);
        insert(CLASS_C, "测试丙类项目", "SERVICE", "C", null);
    }

    private void insert(String code, String name, String kind, String cls, BigDecimal cap) {
        jdbc.sql("""
                insert into catalog_item (code, valid_from, name, kind, item_class, unit, price_cap, maternity_relevant,
                    recorded_by) values (?, date '2015-01-01', ?, ?, ?, '次', ?, true, 'test') on conflict do nothing""")
                .params(code, name, kind, cls, cap).update();
    }

    static <T> T as(LiangxianUser user, Supplier<T> work) {
        return cn.liangxian.security.SignedInAs.as(user, work);
    }

    /**
     * A delivery of hers paid in cash and filed for reimbursement by a clerk (a 甲 line of 1,800.00), reviewed and
     * approved (by an approver when the region asks for one) when {@code approve}, else left awaiting review; the
     * claim's number.
     */
    String reimbursedDelivery(cn.liangxian.reimbursement.Reimbursements reimbursements,
            cn.liangxian.approval.FourEyes fourEyes, LiangxianUser clerk, String idNumber, LocalDate day,
            boolean approve) {
        String region = clerk.regions().iterator().next();
        long person = reimbursements.personByIdNumber(clerk, idNumber, region);
        var r = reimbursements.submit(clerk, new cn.liangxian.reimbursement.Reimbursements.NewReimbursement(person,
                "NORMAL_DELIVERY", 1, day, "上海某产科医院", "OUT_OF_REGION", "中国银行常州分行", "6216610200001234567",
                List.of(new cn.liangxian.reimbursement.Reimbursements.FeeLine(CLASS_A, "阴道分娩", BigDecimal.ONE,
                        new BigDecimal("1800.00")))),
                List.of(new cn.liangxian.reimbursement.Reimbursements.Upload("发票.pdf",
                        cn.liangxian.testsupport.TestFiles.pdf("发票"))), LocalDate.now());
        if (approve) {
            r = reimbursements.review(clerk, r.number(),
                    List.of(new cn.liangxian.reimbursement.Reimbursements.LineReview(1, null, null)));
            if (r.approvalId() != null) {
                fourEyes.approve(users.staff(cn.liangxian.security.Role.AGENCY_APPROVER, region), r.approvalId(), "票据齐全");
            }
            org.assertj.core.api.Assertions.assertThat(reimbursements.visible(clerk, r.number()).status())
                    .isIn(cn.liangxian.reimbursement.Reimbursements.Status.APPROVED,
                            cn.liangxian.reimbursement.Reimbursements.Status.PAID);
        }
        return r.number();
    }
}
