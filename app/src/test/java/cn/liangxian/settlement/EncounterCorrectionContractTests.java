package cn.liangxian.settlement;

import static cn.liangxian.settlement.NhsaContractTests.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;

/**
 * 2403 入院信息变更, 2202 门诊挂号撤销, 2404 入院办理撤销 and 2405 出院撤销: valid and refused messages, and what they
 * change.
 */
@AppTest
class EncounterCorrectionContractTests {

    static final String CZ = "320400";
    static final LocalDateTime AT = LocalDateTime.of(2025, 10, 8, 8, 0);

    @Autowired ApplicationContext context;
    @Autowired TestUsers users;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;

    HisClient his;
    HisFlows flows;
    String woman;
    SettlementFixture.Hospital hospital;

    @BeforeEach
    void setUp() {
        SettlementFixture fx = SettlementFixture.of(context);
        hospital = fx.hospital(CZ);
        his = fx.client(hospital);
        flows = new HisFlows(his);
        woman = fx.employedWoman(CZ);
    }

    private static String serial(String prefix) {
        return prefix + System.nanoTime() % 10_000_000;
    }

    private HisFlows.Encounter dischargedDelivery(String ipt, int fetuses) {
        HisFlows.Encounter e = flows.prepareInpatient(woman, ipt, AT,
                new HisFlows.Maternity("52", "1", null, 39, fetuses, AT.plusHours(10)),
                SettlementFixture.fees("900.00", "0", "0"));
        assertThat(e.steps()).allSatisfy(a -> assertThat(a.infcode()).as(a.errMsg()).isZero());
        return e;
    }

    private Map<String, Object> data(HisFlows.Encounter e) {
        return new LinkedHashMap<>(Map.of("mdtrt_id", e.mdtrtId(), "psn_no", e.psnNo()));
    }

    private String status(HisFlows.Encounter e) {
        return jdbc.sql("select status from encounter where mdtrt_id = ?").param(e.mdtrtId()).query(String.class).single();
    }

    private Map<String, Object> discharge(HisFlows.Encounter e, int fetuses) {
        Map<String, Object> d = new LinkedHashMap<>(data(e));
        d.put("insutype", "510");
        d.put("endtime", AT.plusDays(3).format(In.DATE_TIME));
        d.put("matn_type", "1");
        d.put("fetus_cnt", fetuses);
        d.put("dscg_dept_codg", "0502");
        d.put("dscg_dept_name", "产科病房");
        d.put("dscg_way", "1");
        return Map.of("dscginfo", d, "diseinfo", List.of());
    }

    @Test
    void aDischargeIsCancelledCorrectedAndSettledButNotOnceSettled() {
        HisFlows.Encounter e = dischargedDelivery(serial("IPD"), 1);
        assertThat(status(e)).isEqualTo("DISCHARGED");
        Map<String, Object> noMdtrt = data(e);
        noMdtrt.remove("mdtrt_id");
        assertRefused(his.call("2405", e.insuplc(), Map.of("data", noMdtrt)), "FIELD_REQUIRED");
        Map<String, Object> otherPerson = data(e);
        otherPerson.put("psn_no", "P320400FFFFFFFFFFFFFFFF");
        assertRefused(his.call("2405", e.insuplc(), Map.of("data", otherPerson)), "PSN_NO_MISMATCH");
        assertThat(status(e)).isEqualTo("DISCHARGED");

        Map<String, Object> envelope = his.envelope("2405", his.msgid(), e.insuplc(), Map.of("data", data(e)));
        HisClient.Answer undone = his.send("2405", envelope);
        assertThat(undone.infcode()).as(undone.errMsg()).isZero();
        assertThat(status(e)).isEqualTo("OPEN");
        assertThat(jdbc.sql("select end_time is null from encounter where mdtrt_id = ?").param(e.mdtrtId())
                .query(Boolean.class).single()).isTrue();
        // the same message again gets its first answer; a new one finds nothing to cancel
        assertThat(his.send("2405", envelope).json()).isEqualTo(undone.json());
        assertRefused(his.call("2405", e.insuplc(), Map.of("data", data(e))), "ENCOUNTER_NOT_DISCHARGED");
        Map<String, Object> settle = HisFlows.settleData(e.psnNo(), woman, null,
                e.preSettlement().output().path("setlinfo").path("medfee_sumamt").decimalValue(), e.mdtrtId(), null, "510");
        settle.put("mid_setl_flag", "0");
        assertRefused(his.call("2304", e.insuplc(), Map.of("data", settle)), "ENCOUNTER_NOT_DISCHARGED");

        // discharged again with the fetus count corrected: the settlement is of twins
        assertThat(his.call("2402", e.insuplc(), discharge(e, 2)).infcode()).isZero();
        HisClient.Answer s = his.call("2304", e.insuplc(), Map.of("data", settle));
        assertThat(s.infcode()).as(s.errMsg()).isZero();
        String setl = s.output().path("setlinfo").path("setl_id").asString();
        assertThat(jdbc.sql("select fetus_count from settlement where setl_id = ?").param(setl).query(Integer.class)
                .single()).isEqualTo(2);
        assertRefused(his.call("2405", e.insuplc(), Map.of("data", data(e))), "ENCOUNTER_SETTLED");
        assertThat(status(e)).isEqualTo("SETTLED");
    }

    @Test
    void anAdmissionIsCorrectedUntilItIsSettled() {
        HisFlows.Encounter e = dischargedDelivery(serial("IPU"), 1);
        Map<String, Object> bad = data(e);
        bad.put("fetus_cnt", 12);
        assertRefused(his.call("2403", e.insuplc(), Map.of("adminfo", bad, "diseinfo", List.of())), "FIELD_INVALID");
        bad = data(e);
        bad.put("begntime", AT.plusDays(5).format(In.DATE_TIME));
        assertRefused(his.call("2403", e.insuplc(), Map.of("adminfo", bad, "diseinfo", List.of())), "FIELD_INVALID");
        Map<String, Object> noNode = Map.of("mdtrtinfo", data(e));
        assertRefused(his.call("2403", e.insuplc(), noNode), "INPUT_NODE_MISSING");

        Map<String, Object> fix = data(e);
        fix.put("fetus_cnt", 2);
        fix.put("geso_val", 37);
        fix.put("dscg_maindiag_code", "O84.000");
        fix.put("dscg_maindiag_name", "双胎顺产");
        HisClient.Answer a = his.call("2403", e.insuplc(), Map.of("adminfo", fix, "diseinfo", List.of(
                Map.of("diag_type", "1", "diag_code", "O84.000", "diag_name", "双胎顺产"))));
        assertThat(a.infcode()).as(a.errMsg()).isZero();
        assertThat(jdbc.sql("""
                select fetus_cnt || '/' || geso_val || '/' || main_diag_code || '/' || matn_type || '/' || status
                  from encounter where mdtrt_id = ?""").param(e.mdtrtId()).query(String.class).single())
                .isEqualTo("2/37/O84.000/1/DISCHARGED"); // what was left out (matn_type) and the discharge stay
        Map<String, Object> settle = HisFlows.settleData(e.psnNo(), woman, null,
                e.preSettlement().output().path("setlinfo").path("medfee_sumamt").decimalValue(), e.mdtrtId(), null, "510");
        settle.put("mid_setl_flag", "0");
        HisClient.Answer s = his.call("2304", e.insuplc(), Map.of("data", settle));
        assertThat(s.infcode()).as(s.errMsg()).isZero();
        assertThat(jdbc.sql("select fetus_count from settlement where setl_id = ?")
                .param(s.output().path("setlinfo").path("setl_id").asString()).query(Integer.class).single()).isEqualTo(2);
        fix.put("fetus_cnt", 3);
        assertRefused(his.call("2403", e.insuplc(), Map.of("adminfo", fix, "diseinfo", List.of())), "ENCOUNTER_SETTLED");
        assertThat(jdbc.sql("select fetus_cnt from encounter where mdtrt_id = ?").param(e.mdtrtId()).query(Integer.class)
                .single()).isEqualTo(2);
    }

    @Test
    void anAdmissionIsCancelledOnlyWithoutDischargeOrFeesAndItsNumberCanBeUsedAgain() {
        String ipt = serial("IPC");
        HisFlows.Encounter e = dischargedDelivery(ipt, 1);
        assertRefused(his.call("2404", e.insuplc(), Map.of("data", data(e))), "ENCOUNTER_DISCHARGED");
        assertThat(his.call("2405", e.insuplc(), Map.of("data", data(e))).infcode()).isZero();
        assertRefused(his.call("2404", e.insuplc(), Map.of("data", data(e))), "FEES_PRESENT");
        assertThat(status(e)).isEqualTo("OPEN");
        Map<String, Object> allFees = data(e);
        allFees.put("feedetl_sn", "0000");
        assertThat(his.call("2302", e.insuplc(), Map.of("data", allFees)).infcode()).isZero();

        String msgid = his.msgid();
        HisClient.Answer cancelled = his.send("2404", his.envelope("2404", msgid, e.insuplc(), Map.of("data", data(e))));
        assertThat(cancelled.infcode()).as(cancelled.errMsg()).isZero();
        assertThat(status(e)).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("select cancel_msgid from encounter where mdtrt_id = ? and cancelled_at is not null")
                .param(e.mdtrtId()).query(String.class).single()).isEqualTo(msgid);
        // nothing more happens under a cancelled admission
        assertRefused(his.call("2404", e.insuplc(), Map.of("data", data(e))), "ENCOUNTER_CANCELLED");
        assertRefused(his.call("2301", e.insuplc(), Map.of("feedetail", HisFlows.feeLines(
                SettlementFixture.fees("10.00", "0", "0"), e.mdtrtId(), e.psnNo(), null, AT, "52"))), "ENCOUNTER_CANCELLED");
        assertRefused(his.call("2402", e.insuplc(), discharge(e, 1)), "ENCOUNTER_CANCELLED");

        // the hospital admits her again under the same inpatient number: a new stay, settled as usual
        HisFlows.Encounter again = dischargedDelivery(ipt, 1);
        assertThat(again.mdtrtId()).isNotEqualTo(e.mdtrtId());
        assertThat(status(again)).isEqualTo("DISCHARGED");
        assertThat(jdbc.sql("select count(*) from encounter where hospital_serial = ?").param(ipt).query(Integer.class)
                .single()).isEqualTo(2);
        assertThat(status(e)).isEqualTo("CANCELLED");

        // the hospital's portal shows the stay as cancelled
        try (Browser browser = new Browser()) {
            ChromeDriver d = browser.driver();
            String base = new Http(env).base();
            Browser.signIn(d, base, users.hospital(hospital.code()));
            d.get(base + "/ui/hospital/encounters/" + e.mdtrtId());
            assertThat(browser.text("encounter-facts")).contains("已撤销");
            assertThat(browser.text("encounter-cancelled")).contains(msgid).contains("2404");
            browser.screenshot("settlement-hospital-encounter-cancelled");
            d.get(base + "/ui/hospital/encounters");
            assertThat(d.getPageSource()).contains(e.mdtrtId()).contains(again.mdtrtId());
            browser.screenshot("settlement-hospital-encounters-with-cancelled");
        }
    }

    @Test
    void anOutpatientRegistrationIsCancelledWhenItHasNoFeesAndNoSettlement() {
        String op = serial("OPC");
        HisFlows.Encounter e = flows.prepareOutpatient(woman, op, AT, SettlementFixture.fees("80.00", "0", "0"));
        assertThat(e.steps()).allSatisfy(a -> assertThat(a.infcode()).as(a.errMsg()).isZero());
        Map<String, Object> d = data(e);
        d.put("ipt_otp_no", op + "X");
        assertRefused(his.call("2202", e.insuplc(), Map.of("data", d)), "FIELD_INVALID");
        d.put("ipt_otp_no", op);
        assertRefused(his.call("2202", e.insuplc(), Map.of("data", d)), "FEES_PRESENT");
        Map<String, Object> batch = data(e);
        batch.put("chrg_bchno", e.batch());
        assertThat(his.call("2205", e.insuplc(), Map.of("data", batch)).infcode()).isZero();
        HisClient.Answer cancelled = his.call("2202", e.insuplc(), Map.of("data", d));
        assertThat(cancelled.infcode()).as(cancelled.errMsg()).isZero();
        assertThat(status(e)).isEqualTo("CANCELLED");
        assertRefused(his.call("2204", e.insuplc(), Map.of("feedetail", HisFlows.feeLines(
                SettlementFixture.fees("10.00", "0", "0"), e.mdtrtId(), e.psnNo(), "B2", AT, "51"))), "ENCOUNTER_CANCELLED");

        // a settled visit: the settlement is reversed first (2208)
        HisFlows.Encounter settled = flows.prenatal(woman, serial("OPS"), AT, SettlementFixture.fees("60.00", "0", "0"));
        assertThat(settled.settled()).isTrue();
        Map<String, Object> s = data(settled);
        s.put("ipt_otp_no", jdbc.sql("select hospital_serial from encounter where mdtrt_id = ?").param(settled.mdtrtId())
                .query(String.class).single());
        assertRefused(his.call("2202", settled.insuplc(), Map.of("data", s)), "ENCOUNTER_SETTLED");
        assertThat(status(settled)).isNotEqualTo("CANCELLED");
    }
}
