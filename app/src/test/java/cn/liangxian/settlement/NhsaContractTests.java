package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/**
 * The contract of every transaction: a valid message answers infcode 0 with the spec's output nodes; an
 * invalid one answers HTTP 200, infcode -1 and a coded bilingual err_msg, and writes nothing.
 */
@AppTest
class NhsaContractTests {

    static final String CZ = "320400";
    static final LocalDateTime AT = LocalDateTime.of(2025, 9, 1, 9, 0);

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;
    @Autowired cn.liangxian.registry.MaternityEvents maternityEvents;

    SettlementFixture fx;
    SettlementFixture.Hospital hospital;
    HisClient his;
    HisFlows flows;
    String woman;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
        hospital = fx.hospital(CZ);
        his = fx.client(hospital);
        flows = new HisFlows(his);
        woman = fx.employedWoman(CZ);
    }

    // ---------------------------------------------------------------- the envelope

    @Test
    void aBadEnvelopeIsAnsweredWithInfcodeMinusOneAndWritesNothing() {
        int before = writes();
        assertRefused(his.post("/api/nhsa", "{not json".getBytes(StandardCharsets.UTF_8), true), "MALFORMED_ENVELOPE");
        Map<String, Object> env = his.envelope("1101", his.msgid(), null, lookupInput(woman));
        env.remove("opter_name");
        assertRefused(his.send("1101", env), "FIELD_REQUIRED");
        env = his.envelope("1101", his.msgid(), null, lookupInput(woman));
        env.put("inf_time", "2025/09/01");
        assertRefused(his.send("1101", env), "FIELD_INVALID");
        env = his.envelope("2201", "X" + his.msgid().substring(1), null, Map.of("data", Map.of()));
        assertRefused(his.send("2201", env), "MSGID_INVALID");
        env = his.envelope("9999", his.msgid(), null, Map.of());
        assertRefused(his.send("9999", env), "UNKNOWN_INFNO");
        env = his.envelope("1101", his.msgid(), null, lookupInput(woman));
        env.put("mdtrtarea_admvs", "440100");
        assertRefused(his.send("1101", env), "MDTRTAREA_MISMATCH");
        env = his.envelope("1101", his.msgid(), null, lookupInput(woman));
        env.put("sign_no", null);
        assertRefused(his.send("1101", env), "SIGN_IN_REQUIRED");
        env = his.envelope("1101", his.msgid(), null, lookupInput(woman));
        env.put("sign_no", "320400000000000000000000000000");
        assertRefused(his.send("1101", env), "SIGN_IN_UNKNOWN");
        // the address's infno must be the envelope's
        byte[] body = NhsaGateway.JSON.writeValueAsBytes(his.envelope("1101", his.msgid(), null, lookupInput(woman)));
        assertRefused(his.post("/api/nhsa/2201", body, true), "INFNO_MISMATCH");
        assertThat(writes()).isEqualTo(before);
    }

    @Test
    void requestsMustBeSignedByTheInstitutionsKeyOnce() {
        byte[] body = NhsaGateway.JSON.writeValueAsBytes(his.envelope("1101", his.msgid(), null, lookupInput(woman)));
        assertRefused(his.post("/api/nhsa", body, false), "SIGNATURE_MISSING");
        HisClient stranger = new HisClient("http://127.0.0.1:" + env.getRequiredProperty("local.server.port"),
                hospital.code(), hospital.name(), CZ, new byte[32], false);
        assertRefused(stranger.post("/api/nhsa", body, true), "BAD_SIGNATURE");
        // a replayed request (same nonce) is refused
        String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
        String nonce = HisClient.nonce();
        String sig = java.util.HexFormat.of().formatHex(
                cn.liangxian.security.RequestSignatureVerifier.sign(hospital.secret(), ts, nonce, body));
        var first = raw(body, ts, nonce, sig);
        assertThat(first.path("infcode").asInt()).isZero();
        var replay = raw(body, ts, nonce, sig);
        assertThat(replay.path("infcode").asInt()).isEqualTo(-1);
        assertThat(replay.path("err_msg").asString()).startsWith("REPLAYED_NONCE");
    }

    @Test
    void aSignedMessageRefusedByItsHandlerStillUsesUpItsNonce() {
        // a registration for someone who is not a person of the registry: refused inside the message's transaction
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("data", Map.of("psn_no", "NOBODY0000000001"));
        byte[] body = NhsaGateway.JSON.writeValueAsBytes(his.envelope("2201", his.msgid(), null, input));
        String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
        String nonce = HisClient.nonce();
        String sig = java.util.HexFormat.of().formatHex(
                cn.liangxian.security.RequestSignatureVerifier.sign(hospital.secret(), ts, nonce, body));
        var refused = raw(body, ts, nonce, sig);
        assertThat(refused.path("infcode").asInt()).isEqualTo(-1);
        assertThat(refused.path("err_msg").asString()).doesNotStartWith("REPLAYED_NONCE");
        assertThat(jdbc.sql("select count(*) from request_nonce where institution_code = ? and nonce = ?")
                .params(hospital.code(), nonce).query(Integer.class).single()).isOne();
        var again = raw(body, ts, nonce, sig);
        assertThat(again.path("err_msg").asString()).startsWith("REPLAYED_NONCE");
    }

    @Test
    void aReissuedKeyTakesEffectAtOnce() {
        assertThat(his.call("1101", CZ, lookupInput(woman)).infcode()).isZero();
        byte[] renewed = java.util.Base64.getDecoder().decode(keys.issue(hospital.code(), CZ));
        assertRefused(his.call("1101", CZ, lookupInput(woman)), "BAD_SIGNATURE");
        HisClient withNewKey = new HisClient("http://127.0.0.1:" + env.getRequiredProperty("local.server.port"),
                hospital.code(), hospital.name(), CZ, renewed, false);
        assertThat(withNewKey.signIn().infcode()).isZero();
        assertThat(withNewKey.call("1101", CZ, lookupInput(woman)).infcode()).isZero();
    }

    @Test
    void signInGivesASignNoAndRefusesAMissingField() {
        var ok = his.signIn();
        assertThat(ok.infcode()).isZero();
        assertThat(ok.output().path("signinoutb").path("sign_no").asString()).hasSize(30).startsWith(CZ);
        assertThat(ok.output().path("signinoutb").path("sign_time").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertRefused(his.call("9001", null, Map.of("signIn", Map.of("opter_no", "0001"))), "FIELD_REQUIRED");
    }

    @Test
    void signOutEndsTheSignInOnceAndItsSignNoIsRefusedAfterwards() {
        assertThat(his.call("1101", CZ, lookupInput(woman)).infcode()).isZero();
        String signNo = his.signNo();
        Map<String, Object> envelope = his.envelope("9002", his.msgid(), null,
                Map.of("signOut", Map.of("sign_no", signNo, "opter_no", "0001")));
        var out = his.send("9002", envelope);
        assertThat(out.infcode()).as(out.json().toString()).isZero();
        assertThat(out.output().path("signoutoutb").path("sign_time").asString())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(jdbc.sql("select signed_out_by from nhsa_sign_in where sign_no = ? and signed_out_at is not null")
                .param(signNo).query(String.class).single()).isEqualTo("0001");
        // the same message again: its first answer; a new one for the same sign-in: refused
        assertThat(his.send("9002", envelope).json().path("output")).isEqualTo(out.output());
        assertRefused(his.call("9002", null, Map.of("signOut", Map.of("sign_no", signNo, "opter_no", "0001"))),
                "SIGNED_OUT");
        // anything else under the signed-out sign_no is refused until she signs in again
        var after = his.call("1101", CZ, lookupInput(woman));
        assertRefused(after, "SIGNED_OUT");
        assertThat(after.errMsg()).contains("9001");
        assertThat(his.signIn().infcode()).isZero();
        assertThat(his.signNo()).isNotEqualTo(signNo);
        assertThat(his.call("1101", CZ, lookupInput(woman)).infcode()).isZero();
        // refusals write nothing: a missing field, a sign_no that is not one of this institution's
        int before = writes();
        assertRefused(his.call("9002", null, Map.of("signOut", Map.of("opter_no", "0001"))), "FIELD_REQUIRED");
        assertRefused(his.call("9002", null, Map.of("signOut", Map.of("sign_no", "320400000000000000000000000000",
                "opter_no", "0001"))), "SIGN_IN_UNKNOWN");
        assertThat(writes()).isEqualTo(before);
    }

    @Test
    void personLookupAnswersAnOpaquePsnNoAndHerMaternityCoverage() {
        var a = flows.lookup(woman, AT);
        assertThat(a.infcode()).isZero();
        String psn = a.output().path("baseinfo").path("psn_no").asString();
        assertThat(psn).startsWith("P" + CZ).doesNotContain(woman.substring(6, 14)).isNotEqualTo(woman);
        assertThat(a.output().path("baseinfo").path("gend").asString()).isEqualTo("2");
        List<String> types = a.output().path("insuinfo").valueStream().map(n -> n.path("insutype").asString()).toList();
        assertThat(types).containsExactlyInAnyOrder("310", "510");
        assertThat(a.output().path("insuinfo").path(0).path("insuplc_admdvs").asString()).isEqualTo(CZ);
        // the same person keeps her number
        assertThat(flows.lookup(woman, AT).output().path("baseinfo").path("psn_no").asString()).isEqualTo(psn);
        // before her enrollment she holds no insurance rows
        assertThat(flows.lookup(woman, LocalDateTime.of(2020, 6, 1, 0, 0)).output().path("insuinfo").size()).isZero();
        assertRefused(flows.lookup(TestUsers.womanId("320402"), AT), "PERSON_NOT_FOUND");
        assertRefused(his.call("1101", null, Map.of("data", Map.of("mdtrt_cert_type", "01", "mdtrt_cert_no", "tok",
                "psn_cert_type", "01"))), "ECERT_NOT_SUPPORTED");
    }

    // ---------------------------------------------------------------- outpatient

    @Test
    void outpatientRegistrationVisitAndFeesFollowTheSpec() {
        String psn = psn();
        Map<String, Object> reg = registration(psn, "OPC" + System.nanoTime() % 1000000);
        var r = his.call("2201", CZ, Map.of("data", reg));
        assertThat(r.infcode()).as(r.errMsg()).isZero();
        String mdtrt = r.output().path("data").path("mdtrt_id").asString();
        assertThat(mdtrt).startsWith(CZ);
        assertThat(r.output().path("data").path("ipt_otp_no").asString()).isEqualTo(reg.get("ipt_otp_no"));
        Map<String, Object> bad = new LinkedHashMap<>(reg);
        bad.put("psn_no", "P320400FFFFFFFFFFFFFFFF");
        bad.put("ipt_otp_no", "OPX" + System.nanoTime() % 1000000);
        assertRefused(his.call("2201", CZ, Map.of("data", bad)), "PSN_NO_UNKNOWN");
        bad.put("psn_no", psn);
        assertRefused(his.call("2201", "152501", Map.of("data", bad)), "INSUPLC_MISMATCH");

        Map<String, Object> info = new LinkedHashMap<>(Map.of("mdtrt_id", mdtrt, "psn_no", psn, "med_type", "51",
                "begntime", AT.format(In.DATE_TIME), "matn_type", "7", "geso_val", 20));
        assertThat(his.call("2203", CZ, Map.of("mdtrtinfo", info, "diseinfo", List.of())).infcode()).isZero();
        assertThat(jdbc.sql("select matn_type from encounter where mdtrt_id = ?").param(mdtrt).query(String.class).single())
                .isEqualTo("7");
        info.put("mdtrt_id", CZ + "000000000000000000");
        assertRefused(his.call("2203", CZ, Map.of("mdtrtinfo", info, "diseinfo", List.of())), "MDTRT_NOT_FOUND");

        // 2204: a 甲 item above its price cap, a 乙 item, a 丙 item
        List<HisFlows.Fee> fees = List.of(
                new HisFlows.Fee(SettlementFixture.CLASS_A, "A1", new BigDecimal("2"), new BigDecimal("250.00")),
                new HisFlows.Fee(SettlementFixture.CLASS_B, "B1", BigDecimal.ONE, new BigDecimal("100.00")),
                new HisFlows.Fee(SettlementFixture.CLASS_C, "C1", BigDecimal.ONE, new BigDecimal("40.00")));
        var up = his.call("2204", CZ, Map.of("feedetail", HisFlows.feeLines(fees, mdtrt, psn, "B1", AT, "51")));
        assertThat(up.infcode()).as(up.errMsg()).isZero();
        var lines = up.output().path("result");
        assertThat(lines.size()).isEqualTo(3);
        assertThat(lines.path(0).path("overlmt_amt").decimalValue()).isEqualByComparingTo("100.00"); // (250 − 200) × 2
        assertThat(lines.path(0).path("inscp_scp_amt").decimalValue()).isEqualByComparingTo("400.00");
        assertThat(lines.path(0).path("chrgitm_lv").asString()).isEqualTo("01");
        BigDecimal share = lines.path(1).path("selfpay_prop").decimalValue();
        assertThat(share.signum()).isPositive();
        assertThat(lines.path(1).path("preselfpay_amt").decimalValue())
                .isEqualByComparingTo(new BigDecimal("100.00").multiply(share).setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(lines.path(2).path("fulamt_ownpay_amt").decimalValue()).isEqualByComparingTo("40.00");
        // an amount that is not quantity × price is refused, and the batch is not partly written
        var wrong = HisFlows.feeLines(List.of(fees.get(0)), mdtrt, psn, "B2", AT, "51");
        wrong.get(0).put("feedetl_sn", "X1");
        wrong.get(0).put("det_item_fee_sumamt", new BigDecimal("499.00"));
        int before = feeLines(mdtrt);
        assertRefused(his.call("2204", CZ, Map.of("feedetail", wrong)), "FEE_AMOUNT_MISMATCH");
        assertThat(feeLines(mdtrt)).isEqualTo(before);

        // 2205: cancelling the batch; nothing left to cancel afterwards
        var cancel = his.call("2205", CZ, Map.of("data", Map.of("mdtrt_id", mdtrt, "psn_no", psn, "chrg_bchno", "B1")));
        assertThat(cancel.infcode()).isZero();
        assertThat(cancel.output().path("result").size()).isEqualTo(3);
        assertRefused(his.call("2205", CZ, Map.of("data", Map.of("mdtrt_id", mdtrt, "psn_no", psn, "chrg_bchno", "B1"))),
                "FEE_LINE_NOT_FOUND");
    }

    @Test
    void preSettlementComputesAndStoresNothingAndSettlementAnswersSetlinfoAndSetldetail() {
        var e = flows.prepareOutpatient(woman, "OPS" + System.nanoTime() % 1000000, AT,
                SettlementFixture.fees("150.00", "100.00", "50.00"));
        e.steps().forEach(s -> assertThat(s.infcode()).as(String.valueOf(s.errMsg())).isZero());
        var pre = e.preSettlement().output().path("setlinfo");
        assertThat(pre.has("setl_id")).isFalse();
        assertThat(pre.path("medfee_sumamt").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(count("settlement where mdtrt_id = '" + e.mdtrtId() + "'")).isZero();
        Map<String, Object> data = HisFlows.settleData(e.psnNo(), woman, "51", new BigDecimal("299.00"), e.mdtrtId(),
                e.batch(), "510");
        assertRefused(his.call("2206", CZ, Map.of("data", data)), "FEE_TOTAL_MISMATCH");

        data.put("medfee_sumamt", new BigDecimal("300.00"));
        assertRefused(his.call("2207", CZ, Map.of("data", data)), "FIELD_REQUIRED"); // the 2206 split is required
        JsonFields.copyAmounts(pre, data);
        Map<String, Object> changed = new LinkedHashMap<>(data);
        changed.put("inscp_scp_amt", pre.path("inscp_scp_amt").decimalValue().add(BigDecimal.ONE));
        assertRefused(his.call("2207", CZ, Map.of("data", changed)), "AMOUNTS_DIFFER");
        Map<String, Object> noBatch = new LinkedHashMap<>(data);
        noBatch.remove("chrg_bchno");
        assertRefused(his.call("2207", CZ, Map.of("data", noBatch)), "FIELD_REQUIRED");
        var s = his.call("2207", CZ, Map.of("data", data));
        assertThat(s.infcode()).as(s.errMsg()).isZero();
        var info = s.output().path("setlinfo");
        assertThat(info.path("setl_id").asString()).startsWith(CZ + "S");
        assertThat(info.path("medfee_sumamt").decimalValue())
                .isEqualByComparingTo(info.path("fund_pay_sumamt").decimalValue().add(info.path("psn_part_amt").decimalValue()));
        assertThat(info.path("medins_setl_id").asString()).hasSize(30).startsWith(hospital.code());
        var detail = s.output().path("setldetail");
        assertThat(detail.size()).isEqualTo(1);
        assertThat(detail.path(0).path("fund_pay_type").asString()).isEqualTo("510100");
        assertThat(detail.path(0).path("fund_payamt").decimalValue()).isEqualByComparingTo(info.path("fund_pay_sumamt").decimalValue());
        assertThat(detail.path(0).path("setl_proc_info").asString()).contains("medicalBenefit");
        // settled once: a second settlement of the batch under a new serial generation is refused
        assertRefused(his.call("2206", CZ, Map.of("data", data)), "ALREADY_SETTLED");
    }

    @Test
    void outpatientReversalAnswersNegativeAmountsAndRefusesAnUnknownSettlement() {
        var e = flows.prenatal(woman, "OPR" + System.nanoTime() % 1000000, AT, SettlementFixture.fees("100.00", "0", "0"));
        assertThat(e.settled()).isTrue();
        assertRefused(his.call("2208", CZ, Map.of("data", Map.of("setl_id", CZ + "S000", "mdtrt_id", e.mdtrtId(),
                "psn_no", e.psnNo()))), "SETTLEMENT_NOT_FOUND");
        var r = flows.reverse(e, false);
        assertThat(r.infcode()).as(r.errMsg()).isZero();
        var info = r.output().path("setlinfo");
        assertThat(info.path("setl_id").asString()).isNotEqualTo(e.setlId()).startsWith(CZ + "R");
        assertThat(info.path("medfee_sumamt").decimalValue()).isEqualByComparingTo("-100.00");
        assertThat(info.has("pdn_cash_pay")).isTrue();
        assertThat(jdbc.sql("select status from settlement where setl_id = ?").param(e.setlId()).query(String.class).single())
                .isEqualTo("REVERSED");
    }

    // ---------------------------------------------------------------- inpatient

    @Test
    void inpatientAdmissionFeesDischargeSettlementAndReversal() {
        String psn = psn();
        String ipt = "IPC" + System.nanoTime() % 1000000;
        LocalDateTime admitted = LocalDateTime.of(2025, 9, 10, 8, 0);
        Map<String, Object> adm = admission(psn, ipt, admitted);
        Map<String, Object> badAdm = new LinkedHashMap<>(adm);
        badAdm.put("geso_val", 60);
        assertRefused(his.call("2401", CZ, Map.of("mdtrtinfo", badAdm, "diseinfo", List.of())), "FIELD_INVALID");
        var a = his.call("2401", CZ, Map.of("mdtrtinfo", adm, "diseinfo", List.of()));
        assertThat(a.infcode()).as(a.errMsg()).isZero();
        String mdtrt = a.output().path("result").path("mdtrt_id").asString();
        assertThat(jdbc.sql("select fetus_cnt from encounter where mdtrt_id = ?").param(mdtrt).query(Integer.class).single())
                .isEqualTo(2);

        var fees = SettlementFixture.fees("180.00", "0", "0");
        fees = List.of(fees.get(0), new HisFlows.Fee(SettlementFixture.CLASS_A, "A2", new BigDecimal("10"),
                new BigDecimal("190.00")));
        // fees of an inpatient stay go to 2301; an outpatient visit's mdtrt_id is refused there
        var op = flows.prepareOutpatient(woman, "OPI" + System.nanoTime() % 1000000, AT, SettlementFixture.fees("10.00", "0", "0"));
        assertRefused(his.call("2301", CZ, Map.of("feedetail", HisFlows.feeLines(fees, op.mdtrtId(), op.psnNo(), null,
                admitted, "52"))), "ENCOUNTER_KIND");
        var up = his.call("2301", CZ, Map.of("feedetail", HisFlows.feeLines(fees, mdtrt, psn, null, admitted, "52")));
        assertThat(up.infcode()).as(up.errMsg()).isZero();
        // 2302: one line cancelled and uploaded again
        String sn = up.output().path("result").path(1).path("feedetl_sn").asString();
        assertThat(his.call("2302", CZ, Map.of("data", Map.of("mdtrt_id", mdtrt, "psn_no", psn, "feedetl_sn", sn))).infcode())
                .isZero();
        assertRefused(his.call("2302", CZ, Map.of("data", Map.of("mdtrt_id", mdtrt, "psn_no", psn, "feedetl_sn", sn))),
                "FEE_LINE_NOT_FOUND");
        var again = HisFlows.feeLines(List.of(fees.get(1)), mdtrt, psn, null, admitted, "52");
        again.get(0).put("feedetl_sn", sn + "B");
        assertThat(his.call("2301", CZ, Map.of("feedetail", again)).infcode()).isZero();

        BigDecimal total = HisFlows.total(fees);
        Map<String, Object> data = HisFlows.settleData(psn, woman, null, total, mdtrt, null, "510");
        data.put("mid_setl_flag", "0");
        assertRefused(his.call("2304", CZ, Map.of("data", data)), "ENCOUNTER_NOT_DISCHARGED");
        Map<String, Object> dscg = new LinkedHashMap<>(Map.of("mdtrt_id", mdtrt, "psn_no", psn, "insutype", "510",
                "endtime", admitted.minusDays(1).format(In.DATE_TIME), "dscg_dept_codg", "0502", "dscg_dept_name", "产科",
                "dscg_way", "1"));
        assertRefused(his.call("2402", CZ, Map.of("dscginfo", dscg, "diseinfo", List.of())), "FIELD_INVALID");
        dscg.put("endtime", admitted.plusDays(3).format(In.DATE_TIME));
        assertThat(his.call("2402", CZ, Map.of("dscginfo", dscg, "diseinfo", List.of())).infcode()).isZero();
        Map<String, Object> noMdtrt = new LinkedHashMap<>(data);
        noMdtrt.remove("mdtrt_id");
        assertRefused(his.call("2303", CZ, Map.of("data", noMdtrt)), "FIELD_REQUIRED");
        var pre = his.call("2303", CZ, Map.of("data", data));
        assertThat(pre.infcode()).as(pre.errMsg()).isZero();
        assertThat(pre.output().path("setlinfo").has("setl_id")).isFalse();
        var s = his.call("2304", CZ, Map.of("data", data));
        assertThat(s.infcode()).as(s.errMsg()).isZero();
        String setl = s.output().path("setlinfo").path("setl_id").asString();
        assertThat(jdbc.sql("select category || '/' || fetus_count from settlement where setl_id = ?").param(setl)
                .query(String.class).single()).isEqualTo("NORMAL_DELIVERY/2");
        // the delivery is reported to the registry as a maternity event with the settlement as its reference
        assertThat(count("maternity_event where source = 'SETTLEMENT' and source_ref = '" + setl + "'")).isEqualTo(1);

        assertRefused(his.call("2305", CZ, Map.of("data", Map.of("setl_id", setl, "mdtrt_id", mdtrt, "psn_no",
                "P320400FFFFFFFFFFFFFFFF"))), "PSN_NO_MISMATCH");
        var r = his.call("2305", CZ, Map.of("data", Map.of("setl_id", setl, "mdtrt_id", mdtrt, "psn_no", psn)));
        assertThat(r.infcode()).as(r.errMsg()).isZero();
        assertThat(r.output().path("setlinfo").has("psn_cash_pay")).isTrue();
        // the reversal withdraws the registry's event (kept, with the reason); readers of events no longer see it
        String reversal = r.output().path("setlinfo").path("setl_id").asString();
        assertThat(jdbc.sql("select withdrawn_reason from maternity_event where source = 'SETTLEMENT' and source_ref = ?")
                .param(setl).query(String.class).single()).contains(reversal);
        assertThat(maternityEvents.find(CZ, "SETTLEMENT", setl)).isEmpty();
    }

    // ---------------------------------------------------------------- reconciliation

    @Test
    void totalsReconciliationIsBalancedOrListsTheDifference() {
        var e = flows.prenatal(woman, "OPT" + System.nanoTime() % 1000000, AT, SettlementFixture.fees("100.00", "0", "0"));
        assertThat(e.settled()).isTrue();
        var info = e.settlement().output().path("setlinfo");
        LocalDate today = LocalDate.now(NhsaGateway.ZONE);
        Map<String, Object> data = new LinkedHashMap<>(Map.of("insutype", "510", "clr_type", "11", "setl_optins", CZ,
                "stmt_begndate", today.toString(), "stmt_enddate", today.toString(), "medfee_sumamt",
                info.path("medfee_sumamt").decimalValue(), "fund_pay_sumamt", info.path("fund_pay_sumamt").decimalValue(),
                "acct_pay", BigDecimal.ZERO, "fixmedins_setl_cnt", 1));
        var ok = his.call("3201", null, Map.of("data", data));
        assertThat(ok.infcode()).as(ok.errMsg()).isZero();
        assertThat(ok.output().path("stmtinfo").path("stmt_rslt").asString()).isEqualTo("0");
        data.put("fund_pay_sumamt", info.path("fund_pay_sumamt").decimalValue().add(BigDecimal.TEN));
        var off = his.call("3201", null, Map.of("data", data));
        assertThat(off.output().path("stmtinfo").path("stmt_rslt").asString()).isEqualTo("1");
        assertThat(count("reconciliation_mismatch where institution_code = '" + hospital.code() + "' and reason = 'TOTALS_DIFFER'"))
                .isEqualTo(1);
        data.put("stmt_enddate", today.minusDays(3).toString());
        assertRefused(his.call("3201", null, Map.of("data", data)), "FIELD_INVALID");
    }

    @Test
    void detailReconciliationListsEachSettlementThatDiffers() {
        var a = flows.prenatal(woman, "OPD" + System.nanoTime() % 1000000, AT, SettlementFixture.fees("100.00", "0", "0"));
        var b = flows.prenatal(woman, "OPE" + System.nanoTime() % 1000000, AT.plusDays(20),
                SettlementFixture.fees("60.00", "0", "0"));
        assertThat(a.settled() && b.settled()).isTrue();
        LocalDate today = LocalDate.now(NhsaGateway.ZONE);
        // the hospital reports a with a wrong fund amount, omits b, and reports one we never saw
        List<Map<String, Object>> rows = List.of(
                row(a, new BigDecimal("100.00"), new BigDecimal("1.00")),
                Map.of("setl_id", CZ + "S20250101X", "mdtrt_id", a.mdtrtId(), "psn_no", a.psnNo(), "medfee_sumamt",
                        BigDecimal.ONE, "fund_pay_sumamt", BigDecimal.ONE, "acct_pay", BigDecimal.ZERO, "refd_setl_flag", "0"));
        Map<String, Object> data = new LinkedHashMap<>(Map.of("setl_optins", CZ, "file_qury_no", "F1", "stmt_begndate",
                today.toString(), "stmt_enddate", today.toString(), "medfee_sumamt", new BigDecimal("101.00"),
                "fund_pay_sumamt", new BigDecimal("2.00"), "cash_payamt", BigDecimal.ZERO, "fixmedins_setl_cnt", 2));
        var r = his.call("3202", null, Map.of("data", data, "detail", rows));
        assertThat(r.infcode()).as(r.errMsg()).isZero();
        assertThat(r.output().path("stmtinfo").path("stmt_rslt").asString()).isEqualTo("1");
        List<String> reasons = r.output().path("detail").valueStream().map(n -> n.path("memo").asString()).toList();
        assertThat(reasons).containsExactlyInAnyOrder("AMOUNT_DIFFERS", "UNKNOWN_TO_AGENCY", "MISSING_AT_HOSPITAL");
        assertThat(r.output().path("fileinfo").path("file_qury_no").asString()).startsWith("R");
        data.put("fixmedins_setl_cnt", 3);
        assertRefused(his.call("3202", null, Map.of("data", data, "detail", rows)), "DETAIL_COUNT_MISMATCH");
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Object> row(HisFlows.Encounter e, BigDecimal medfee, BigDecimal fund) {
        return Map.of("setl_id", e.setlId(), "mdtrt_id", e.mdtrtId(), "psn_no", e.psnNo(), "medfee_sumamt", medfee,
                "fund_pay_sumamt", fund, "acct_pay", BigDecimal.ZERO, "refd_setl_flag", "0");
    }

    private String psn() {
        return flows.lookup(woman, AT).output().path("baseinfo").path("psn_no").asString();
    }

    private Map<String, Object> registration(String psn, String serial) {
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("psn_no", psn);
        reg.put("insutype", "510");
        reg.put("begntime", AT.format(In.DATE_TIME));
        reg.put("mdtrt_cert_type", "02");
        reg.put("mdtrt_cert_no", woman);
        reg.put("ipt_otp_no", serial);
        reg.put("atddr_no", "D1");
        reg.put("dr_name", "周医生");
        reg.put("dept_code", "0501");
        reg.put("dept_name", "产科门诊");
        reg.put("caty", "A05");
        return reg;
    }

    private Map<String, Object> admission(String psn, String ipt, LocalDateTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("psn_no", psn);
        m.put("insutype", "510");
        m.put("begntime", at.format(In.DATE_TIME));
        m.put("mdtrt_cert_type", "02");
        m.put("mdtrt_cert_no", woman);
        m.put("med_type", "52");
        m.put("ipt_no", ipt);
        m.put("atddr_no", "D2");
        m.put("chfpdr_name", "王医生");
        m.put("adm_diag_dscr", "待产");
        m.put("adm_dept_codg", "0502");
        m.put("adm_dept_name", "产科病房");
        m.put("adm_bed", "3");
        m.put("dscg_maindiag_code", "O84.000");
        m.put("dscg_maindiag_name", "双胎顺产");
        m.put("matn_type", "1");
        m.put("geso_val", 38);
        m.put("fetus_cnt", 2);
        m.put("birctrl_matn_date", at.plusDays(1).toLocalDate().toString());
        return m;
    }

    private static Map<String, Object> lookupInput(String id) {
        return Map.of("data", Map.of("mdtrt_cert_type", "02", "mdtrt_cert_no", id, "psn_cert_type", "01", "certno", id));
    }

    private tools.jackson.databind.JsonNode raw(byte[] body, String ts, String nonce, String sig) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://127.0.0.1:" + env.getRequiredProperty("local.server.port")
                            + "/api/nhsa"))
                    .header("Content-Type", "application/json").header("X-Signature-Timestamp", ts)
                    .header("X-Signature-Nonce", nonce).header("X-Signature", sig)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return NhsaGateway.JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertRefused(HisClient.Answer a, String code) {
        assertThat(a.infcode()).as(a.json().toString()).isEqualTo(-1);
        assertThat(a.errMsg()).startsWith(code + "：").contains(" / ");
        assertThat(a.json().has("inf_refmsgid")).isTrue();
    }

    private int writes() {
        return count("nhsa_message") + count("encounter") + count("settlement") + count("nhsa_sign_in");
    }

    private int feeLines(String mdtrt) {
        return count("fee_detail f join encounter e on e.id = f.encounter_id where e.mdtrt_id = '" + mdtrt + "'");
    }

    private int count(String from) {
        return jdbc.sql("select count(*) from " + from).query(Integer.class).single();
    }
}
