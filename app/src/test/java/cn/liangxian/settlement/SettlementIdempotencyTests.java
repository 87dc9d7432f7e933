package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.fund.Postings;
import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/**
 * A repeated message (same msgid) or a retried one (same hospital serials under a new msgid) gets the first
 * answer and changes nothing, however many arrive at once; a reversal restores the ledger and is answered once.
 */
@AppTest
class SettlementIdempotencyTests {

    static final String CZ = "320400";

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;
    @Autowired Postings postings;

    SettlementFixture fx;
    HisClient his;
    HisFlows flows;
    String woman;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
        his = fx.client(fx.hospital(CZ));
        flows = new HisFlows(his);
        woman = fx.employedWoman(CZ);
    }

    private Map<String, Object> settlementData(HisFlows.Encounter e) {
        Map<String, Object> d = HisFlows.settleData(e.psnNo(), woman, "51",
                e.preSettlement().output().path("setlinfo").path("medfee_sumamt").decimalValue(), e.mdtrtId(), e.batch(),
                "510");
        JsonFields.copyAmounts(e.preSettlement().output().path("setlinfo"), d);
        return d;
    }

    private HisFlows.Encounter prepared(String fees) {
        var e = flows.prepareOutpatient(woman, "ID" + System.nanoTime() % 100000000, LocalDateTime.of(2025, 9, 1, 9, 0),
                SettlementFixture.fees(fees, "0", "0"));
        e.steps().forEach(s -> assertThat(s.infcode()).as(String.valueOf(s.errMsg())).isZero());
        return e;
    }

    private int settlements(String mdtrt) {
        return jdbc.sql("select count(*) from settlement where mdtrt_id = ?").param(mdtrt).query(Integer.class).single();
    }

    private int entries(String setlId) {
        return jdbc.sql("select count(*) from fund_entry where source_type = 'SETTLEMENT' and source_id = ?")
                .param(setlId).query(Integer.class).single();
    }

    @Test
    void aRepeatedMsgidGetsTheFirstAnswerAndAnotherBodyUnderItIsRefused() {
        var e = prepared("120.00");
        Map<String, Object> envelope = his.envelope("2207", his.msgid(), CZ, Map.of("data", settlementData(e)));
        var first = his.send("2207", envelope);
        assertThat(first.infcode()).as(first.errMsg()).isZero();
        var repeat = his.send("2207", envelope);
        assertThat(repeat.json()).isEqualTo(first.json());
        assertThat(settlements(e.mdtrtId())).isEqualTo(1);
        Map<String, Object> other = new java.util.LinkedHashMap<>(envelope);
        other.put("opter_name", "另一位收费员");
        var reused = his.send("2207", other);
        assertThat(reused.infcode()).isEqualTo(-1);
        assertThat(reused.errMsg()).startsWith("MSGID_REUSED");
    }

    @Test
    void aRetryUnderANewMsgidWithTheSameSerialsGetsTheFirstAnswer() {
        var e = prepared("80.00");
        var first = his.call("2207", CZ, Map.of("data", settlementData(e)));
        var retry = his.call("2207", CZ, Map.of("data", settlementData(e)));
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(settlements(e.mdtrtId())).isEqualTo(1);
        // the same for a registration: the hospital's own number answers the first mdtrt_id
        String psn = e.psnNo();
        Map<String, Object> reg = new java.util.LinkedHashMap<>(Map.of("psn_no", psn, "insutype", "510", "begntime",
                "2025-09-02 09:00:00", "mdtrt_cert_type", "02", "mdtrt_cert_no", woman, "ipt_otp_no", "RG" + System.nanoTime()
                        % 1000000, "atddr_no", "D1", "dr_name", "周医生", "dept_code", "0501", "dept_name", "产科门诊"));
        reg.put("caty", "A05");
        var r1 = his.call("2201", CZ, Map.of("data", reg));
        var r2 = his.call("2201", CZ, Map.of("data", reg));
        assertThat(r2.output()).isEqualTo(r1.output());
    }

    @Test
    void aThousandConcurrentDuplicatesOfOneSettlementPayOnce() throws Exception {
        var e = prepared("150.00");
        Map<String, Object> data = settlementData(e);
        Map<String, Object> envelope = his.envelope("2207", his.msgid(), CZ, Map.of("data", data));
        ExecutorService pool = Executors.newFixedThreadPool(48);
        List<Future<HisClient.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                boolean sameMsgid = i % 2 == 0;
                answers.add(pool.submit(() -> sameMsgid ? his.send("2207", envelope)
                        : his.call("2207", CZ, Map.of("data", data))));
            }
            Set<String> setlIds = new HashSet<>();
            for (Future<HisClient.Answer> f : answers) {
                HisClient.Answer a = f.get();
                assertThat(a.infcode()).as(a.json().toString()).isZero();
                setlIds.add(a.output().path("setlinfo").path("setl_id").asString());
            }
            assertThat(setlIds).hasSize(1);
            String setl = setlIds.iterator().next();
            assertThat(settlements(e.mdtrtId())).isEqualTo(1);
            assertThat(entries(setl)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReversalRestoresTheLedgerAndIsAnsweredOnce() {
        LocalDate today = LocalDate.now(NhsaGateway.ZONE);
        BigDecimal payable = postings.balance(CZ, "POOLED", "2201", today.plusDays(1));
        BigDecimal spent = postings.balance(CZ, "POOLED", "5001010201", today.plusDays(1));
        var e = prepared("200.00");
        var s = his.call("2207", CZ, Map.of("data", settlementData(e)));
        assertThat(s.infcode()).as(s.errMsg()).isZero();
        BigDecimal fund = s.output().path("setlinfo").path("fund_pay_sumamt").decimalValue();
        assertThat(fund.signum()).isPositive();
        assertThat(postings.balance(CZ, "POOLED", "2201", today.plusDays(1))).isEqualByComparingTo(payable.add(fund));
        assertThat(postings.balance(CZ, "POOLED", "5001010201", today.plusDays(1))).isEqualByComparingTo(spent.add(fund));

        String setl = s.output().path("setlinfo").path("setl_id").asString();
        var done = new HisFlows.Encounter(e.psnNo(), CZ, e.mdtrtId(), e.batch(), setl, null, null, List.of());
        var r = flows.reverse(done, false);
        assertThat(r.infcode()).as(r.errMsg()).isZero();
        assertThat(postings.balance(CZ, "POOLED", "2201", today.plusDays(1))).isEqualByComparingTo(payable);
        assertThat(postings.balance(CZ, "POOLED", "5001010201", today.plusDays(1))).isEqualByComparingTo(spent);
        assertThat(postings.findBySource(CZ, cn.liangxian.fund.SourceType.SETTLEMENT, setl).orElseThrow()
                .reversedByEntryId()).isNotNull();
        // a second reversal of the same settlement is answered as the first, and reverses nothing more
        var again = flows.reverse(done, false);
        assertThat(again.output()).isEqualTo(r.output());
        assertThat(postings.balance(CZ, "POOLED", "2201", today.plusDays(1))).isEqualByComparingTo(payable);
        // the fee lines are free again: the visit can be settled anew, and that one pays again
        var anew = his.call("2207", CZ, Map.of("data", settlementData(e)));
        assertThat(anew.infcode()).as(anew.errMsg()).isZero();
        assertThat(anew.output().path("setlinfo").path("setl_id").asString()).isNotEqualTo(setl);
        assertThat(postings.balance(CZ, "POOLED", "2201", today.plusDays(1))).isEqualByComparingTo(payable.add(fund));
    }

    @Test
    void reversingACrossRegionSettlementAddsANegativeClearingLine() {
        String erenhot = fx.employedWoman("152501");
        var birth = flows.inpatient(erenhot, "XR" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 7, 1, 8, 0),
                new HisFlows.Maternity("52", "1", null, 39, 1, LocalDateTime.of(2025, 7, 1, 22, 0)),
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", new BigDecimal("5"), new BigDecimal("100.00"))));
        assertThat(birth.settled()).isTrue();
        assertThat(flows.reverse(birth, true).infcode()).isZero();
        BigDecimal net = jdbc.sql("""
                select sum(c.amount) from interregion_clearing c join settlement s on s.id = c.settlement_id
                 where s.setl_id = ?""").param(birth.setlId()).query(BigDecimal.class).single();
        assertThat(net).isEqualByComparingTo("0.00");
        assertThat(jdbc.sql("select count(*) from interregion_clearing c join settlement s on s.id = c.settlement_id "
                + "where s.setl_id = ?").param(birth.setlId()).query(Integer.class).single()).isEqualTo(2);
    }
}
