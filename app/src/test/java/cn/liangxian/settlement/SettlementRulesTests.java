package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.Side;
import cn.liangxian.fund.SourceType;
import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/**
 * Settlements by region agree with the policy engine's estimate for the same facts (the in-scope cost after the
 * catalog); what the hospital gets follows its payment method; each settlement posts to the insured region's
 * ledger; a woman treated outside her region is settled by her own region's rules and recorded for clearing.
 */
@AppTest
class SettlementRulesTests {

    static final BigDecimal WAGE = new BigDecimal("8000.00");

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;
    @Autowired Postings postings;
    @Autowired PolicyBook policy;

    SettlementFixture fx;
    MaternityEstimator estimator;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
        estimator = new MaternityEstimator(policy);
    }

    record Row(BigDecimal inscp, BigDecimal fund, BigDecimal cash, String method, BigDecimal hospital, boolean head,
            String region, LocalDate serviceDate, String category) {
    }

    Row row(String setlId) {
        return jdbc.sql("""
                select inscp_scp_amt, fund_pay, psn_cash_pay, hospital_method, hospital_amount, head_counted, region_code,
                       service_date, category from settlement where setl_id = ?""").param(setlId)
                .query((rs, i) -> new Row(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getBoolean(6), rs.getString(7), rs.getDate(8).toLocalDate(),
                        rs.getString(9)))
                .single();
    }

    MaternityEstimate estimate(Row r, int fetuses, Integer units) {
        return estimator.estimate(new MaternityFacts(r.region(), r.serviceDate(), MaternityCategory.valueOf(r.category()),
                fetuses, InsuredKind.EMPLOYEE, r.inscp(), WAGE, units, null));
    }

    void postedToTheLedger(String region, String setlId, BigDecimal fund) {
        JournalEntry e = postings.findBySource(region, SourceType.SETTLEMENT, setlId).orElseThrow();
        assertThat(e.bookCode()).isEqualTo("POOLED");
        assertThat(e.total()).isEqualByComparingTo(fund);
        assertThat(e.legs()).anySatisfy(l -> {
            assertThat(l.accountCode()).isEqualTo("5001010201");
            assertThat(l.side()).isEqualTo(Side.DEBIT);
        }).anySatisfy(l -> {
            assertThat(l.accountCode()).isEqualTo("2201");
            assertThat(l.side()).isEqualTo(Side.CREDIT);
        });
    }

    @Test
    void erenhotPaysActualCostUpToTheCapAndTheHospitalGetsWhatTheFundPaid() {
        var h = fx.hospital("152501");
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman("152501");
        var visit = flows.prenatal(woman, "EP" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 3, 3, 9, 0),
                SettlementFixture.fees("150.00", "100.00", "50.00"));
        assertThat(visit.settled()).as(visit.steps().toString()).isTrue();
        Row v = row(visit.setlId());
        assertThat(v.fund()).isEqualByComparingTo(estimate(v, 1, null).medicalBenefit());
        assertThat(v.cash()).isEqualByComparingTo(new BigDecimal("300.00").subtract(v.fund()));
        assertThat(v.method()).isEqualTo("CAPPED_ACTUAL");
        assertThat(v.hospital()).isEqualByComparingTo(v.fund());
        postedToTheLedger("152501", visit.setlId(), v.fund());

        // a delivery costing more than the 2500 cap (二连浩特实施细则 三(五)1(1)): the fund pays the cap
        var birth = flows.inpatient(woman, "EI" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 8, 1, 8, 0),
                new HisFlows.Maternity("52", "1", null, 39, 1, LocalDateTime.of(2025, 8, 2, 3, 0)),
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", new BigDecimal("16"), new BigDecimal("190.00"))));
        assertThat(birth.settled()).as(birth.steps().toString()).isTrue();
        Row b = row(birth.setlId());
        MaternityEstimate est = estimate(b, 1, null);
        assertThat(b.inscp()).isEqualByComparingTo("3040.00");
        assertThat(b.fund()).isEqualByComparingTo(est.medicalBenefit()).isLessThan(b.inscp());
        assertThat(b.hospital()).isEqualByComparingTo(b.fund());
        assertThat(b.serviceDate()).isEqualTo(LocalDate.of(2025, 8, 2));
        postedToTheLedger("152501", birth.setlId(), b.fund());
    }

    @Test
    void changzhouPaysTheHospitalItsPerDiseaseQuotaWhateverTheActualCost() {
        var h = fx.hospital("320400");
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman("320400");
        var birth = flows.inpatient(woman, "CI" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 5, 1, 8, 0),
                new HisFlows.Maternity("52", "1", null, 39, 1, LocalDateTime.of(2025, 5, 1, 20, 0)),
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", new BigDecimal("10"), new BigDecimal("150.00"))));
        assertThat(birth.settled()).as(birth.steps().toString()).isTrue();
        Row b = row(birth.setlId());
        MaternityEstimate est = estimate(b, 1, null);
        assertThat(b.method()).isEqualTo("PER_DISEASE_QUOTA").isEqualTo(est.medicalMethod().name());
        assertThat(b.fund()).isEqualByComparingTo(est.medicalBenefit()).isEqualByComparingTo("1500.00");
        BigDecimal quota = policy.at("320400", b.serviceDate()).get("maternity.medical.normal_delivery.amount").decimal();
        assertThat(b.hospital()).isEqualByComparingTo(quota).isGreaterThan(b.fund());
        // a prenatal visit is paid per unit (常政办发〔2019〕111号 二(三)): one unit per settlement
        var visit = flows.prenatal(woman, "CP" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 6, 1, 9, 0),
                SettlementFixture.fees("190.00", "0", "0"));
        Row v = row(visit.setlId());
        assertThat(v.method()).isEqualTo("PER_UNIT");
        assertThat(v.fund()).isEqualByComparingTo(estimate(v, 1, 1).medicalBenefit());
    }

    @Test
    void guangzhouPaysPrenatalCarePerHeadOncePerPregnancy() {
        var h = fx.hospital("440100");
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman("440100");
        var first = flows.prenatal(woman, "GP" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 4, 1, 9, 0),
                SettlementFixture.fees("190.00", "0", "0"));
        assertThat(first.settled()).as(first.steps().toString()).isTrue();
        Row a = row(first.setlId());
        MaternityEstimate est = estimate(a, 1, null);
        assertThat(a.method()).isEqualTo("PER_HEAD").isEqualTo(est.medicalMethod().name());
        assertThat(a.fund()).isEqualByComparingTo(est.medicalBenefit());
        BigDecimal perHead = policy.at("440100", a.serviceDate()).get("maternity.medical.prenatal_care.amount").decimal();
        assertThat(a.head()).isTrue();
        assertThat(a.hospital()).isEqualByComparingTo(perHead);
        var second = flows.prenatal(woman, "GP" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 5, 1, 9, 0),
                SettlementFixture.fees("190.00", "0", "0"));
        Row b = row(second.setlId());
        assertThat(b.head()).isFalse();
        assertThat(b.hospital()).isEqualByComparingTo("0.00");
        // the package is shared by the pregnancy's visits: what is left of it, at most
        assertThat(b.fund()).isEqualByComparingTo(perHead.subtract(a.fund()).min(b.inscp()));
    }

    @Test
    void aWomanTreatedInAnotherRegionIsSettledByHerOwnRegionsRulesAndRecordedForClearing() {
        var changzhou = fx.hospital("320400");
        HisFlows flows = new HisFlows(fx.client(changzhou));
        String erenhot = fx.employedWoman("152501");
        var birth = flows.inpatient(erenhot, "XI" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 7, 1, 8, 0),
                new HisFlows.Maternity("52", "1", null, 39, 1, LocalDateTime.of(2025, 7, 1, 22, 0)),
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", new BigDecimal("15"), new BigDecimal("180.00"))));
        assertThat(birth.settled()).as(birth.steps().toString()).isTrue();
        assertThat(birth.insuplc()).isEqualTo("152501");
        Row b = row(birth.setlId());
        assertThat(b.region()).isEqualTo("152501");
        MaternityEstimate herRules = estimate(b, 1, null);
        assertThat(b.fund()).isEqualByComparingTo(herRules.medicalBenefit());
        // Changzhou's own rules would have paid otherwise
        MaternityEstimate local = estimator.estimate(new MaternityFacts("320400", b.serviceDate(),
                MaternityCategory.NORMAL_DELIVERY, 1, InsuredKind.EMPLOYEE, b.inscp(), WAGE, null, null));
        assertThat(local.medicalBenefit()).isNotEqualByComparingTo(b.fund());
        // the hospital is paid by its own agreement (Changzhou's per-disease quota)
        assertThat(b.method()).isEqualTo("PER_DISEASE_QUOTA");
        postedToTheLedger("152501", birth.setlId(), b.fund());
        assertThat(jdbc.sql("""
                select amount from interregion_clearing c join settlement s on s.id = c.settlement_id
                 where s.setl_id = ? and c.insured_region = '152501' and c.treating_region = '320400' and reason = 'SETTLEMENT'""")
                .param(birth.setlId()).query(BigDecimal.class).single()).isEqualByComparingTo(b.fund());
    }

    @Test
    void aWomanWithoutMaternityCoverageOnTheDayIsRefused() {
        var h = fx.hospital("320400");
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman("320400");
        // insured from 2021: a visit in 2020 is not covered
        var visit = flows.prenatal(woman, "NC" + System.nanoTime() % 1000000, LocalDateTime.of(2020, 6, 1, 9, 0),
                SettlementFixture.fees("100.00", "0", "0"));
        assertThat(visit.settled()).isFalse();
        assertThat(visit.preSettlement().errMsg()).startsWith("NOT_COVERED");
    }
}
