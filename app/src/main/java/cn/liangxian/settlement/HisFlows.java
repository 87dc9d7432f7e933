package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hospital's side of whole encounters, as a HIS drives them: person lookup, registration or admission,
 * visit information, fee upload, discharge, pre-settlement and settlement, and reversal.
 */
final class HisFlows {

    /** A fee line to upload: catalog code, the hospital's own code, quantity, unit price. */
    record Fee(String code, String ownCode, BigDecimal cnt, BigDecimal price) {
        BigDecimal amount() {
            return cnt.multiply(price).setScale(2, RoundingMode.HALF_UP);
        }
    }

    /** What the hospital knows of one encounter once it is done. */
    record Encounter(String psnNo, String insuplc, String mdtrtId, String batch, String setlId,
            HisClient.Answer preSettlement, HisClient.Answer settlement, List<HisClient.Answer> steps) {

        boolean settled() {
            return settlement != null && settlement.infcode() == 0;
        }
    }

    /** The maternity facts of an inpatient stay or a family-planning operation. */
    record Maternity(String medType, String matnType, String birctrlType, Integer gesoVal, Integer fetusCnt,
            LocalDateTime at) {
    }

    private final HisClient his;

    HisFlows(HisClient his) {
        this.his = his;
    }

    /** 1101: the person by her resident ID number; the answer carries psn_no and insuplc_admdvs. */
    HisClient.Answer lookup(String certno, LocalDateTime on) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mdtrt_cert_type", "02");
        data.put("mdtrt_cert_no", certno);
        data.put("card_sn", null);
        data.put("begntime", on == null ? null : on.format(In.DATE_TIME));
        data.put("psn_cert_type", "01");
        data.put("certno", certno);
        data.put("psn_name", null);
        return his.call("1101", null, Map.of("data", data));
    }

    /** A prenatal visit: 1101, 2201, 2203 (med_type 51, matn_type 7), 2204, 2206, 2207. */
    Encounter prenatal(String certno, String serial, LocalDateTime at, List<Fee> fees) {
        return outpatient(certno, serial, at, fees, true);
    }

    /** A prenatal visit up to its pre-settlement (2206). */
    Encounter prepareOutpatient(String certno, String serial, LocalDateTime at, List<Fee> fees) {
        return outpatient(certno, serial, at, fees, false);
    }

    private Encounter outpatient(String certno, String serial, LocalDateTime at, List<Fee> fees, boolean settle) {
        List<HisClient.Answer> steps = new ArrayList<>();
        HisClient.Answer who = step(steps, lookup(certno, at));
        if (who.infcode() != 0) {
            return new Encounter(null, null, null, null, null, null, null, steps);
        }
        String psn = who.output().path("baseinfo").path("psn_no").asString();
        String insuplc = who.output().path("insuinfo").path(0).path("insuplc_admdvs").asString(his.region());
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("psn_no", psn);
        reg.put("insutype", "510");
        reg.put("begntime", at.format(In.DATE_TIME));
        reg.put("mdtrt_cert_type", "02");
        reg.put("mdtrt_cert_no", certno);
        reg.put("ipt_otp_no", serial);
        reg.put("atddr_no", "D0001");
        reg.put("dr_name", "周医生");
        reg.put("dept_code", "0501");
        reg.put("dept_name", "产科门诊");
        reg.put("caty", "A05");
        HisClient.Answer r = step(steps, his.call("2201", insuplc, Map.of("data", reg)));
        if (r.infcode() != 0) {
            return new Encounter(psn, insuplc, null, null, null, null, null, steps);
        }
        String mdtrt = r.output().path("data").path("mdtrt_id").asString();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("mdtrt_id", mdtrt);
        info.put("psn_no", psn);
        info.put("med_type", "51");
        info.put("begntime", at.format(In.DATE_TIME));
        info.put("main_cond_dscr", "孕期常规产检");
        info.put("matn_type", "7");
        info.put("geso_val", 20);
        Map<String, Object> diag = diagnosis("Z34.900", "正常妊娠监督", at);
        step(steps, his.call("2203", insuplc, Map.of("mdtrtinfo", info, "diseinfo", List.of(diag))));
        String batch = serial + "-1";
        step(steps, his.call("2204", insuplc, Map.of("feedetail", feeLines(fees, mdtrt, psn, batch, at, "51"))));
        BigDecimal total = total(fees);
        Map<String, Object> data = settleData(psn, certno, "51", total, mdtrt, batch, "510");
        HisClient.Answer pre = step(steps, his.call("2206", insuplc, Map.of("data", data)));
        if (pre.infcode() != 0 || !settle) {
            return new Encounter(psn, insuplc, mdtrt, batch, null, pre, null, steps);
        }
        Map<String, Object> setl = new LinkedHashMap<>(data);
        JsonFields.copyAmounts(pre.output().path("setlinfo"), setl);
        HisClient.Answer s = step(steps, his.call("2207", insuplc, Map.of("data", setl)));
        return new Encounter(psn, insuplc, mdtrt, batch,
                s.infcode() == 0 ? s.output().path("setlinfo").path("setl_id").asString() : null, pre, s, steps);
    }

    /** An inpatient stay: 1101, 2401 with the maternity fields, 2301, 2402, 2303, 2304. */
    Encounter inpatient(String certno, String serial, LocalDateTime admitted, Maternity m, List<Fee> fees) {
        return inpatient(certno, serial, admitted, m, fees, true);
    }

    /** An inpatient stay up to its pre-settlement (2303). */
    Encounter prepareInpatient(String certno, String serial, LocalDateTime admitted, Maternity m, List<Fee> fees) {
        return inpatient(certno, serial, admitted, m, fees, false);
    }

    /** 1101 and 2401: she is admitted (no fees yet); the encounter carries the mdtrt_id, or the refusing step. */
    Encounter admit(String certno, String serial, LocalDateTime admitted, Maternity m) {
        List<HisClient.Answer> steps = new ArrayList<>();
        HisClient.Answer who = step(steps, lookup(certno, admitted));
        if (who.infcode() != 0) {
            return new Encounter(null, null, null, null, null, null, null, steps);
        }
        String psn = who.output().path("baseinfo").path("psn_no").asString();
        String insuplc = who.output().path("insuinfo").path(0).path("insuplc_admdvs").asString(his.region());
        Map<String, Object> adm = new LinkedHashMap<>();
        adm.put("psn_no", psn);
        adm.put("insutype", "510");
        adm.put("coner_name", null);
        adm.put("tel", null);
        adm.put("begntime", admitted.format(In.DATE_TIME));
        adm.put("mdtrt_cert_type", "02");
        adm.put("mdtrt_cert_no", certno);
        adm.put("med_type", m.medType());
        adm.put("ipt_no", serial);
        adm.put("medrcdno", serial);
        adm.put("atddr_no", "D0002");
        adm.put("chfpdr_name", "王医生");
        adm.put("adm_diag_dscr", "待产");
        adm.put("adm_dept_codg", "0502");
        adm.put("adm_dept_name", "产科病房");
        adm.put("adm_bed", "12");
        adm.put("dscg_maindiag_code", "O80.900");
        adm.put("dscg_maindiag_name", "单胎顺产");
        adm.putAll(maternityFields(m));
        HisClient.Answer a = step(steps, his.call("2401", insuplc, Map.of("mdtrtinfo", adm,
                "diseinfo", List.of(diagnosis("O80.900", "单胎顺产", admitted)))));
        if (a.infcode() != 0) {
            return new Encounter(psn, insuplc, null, null, null, null, null, steps);
        }
        return new Encounter(psn, insuplc, a.output().path("result").path("mdtrt_id").asString(), null, null, null,
                null, steps);
    }

    /** 2404: cancels an admission made by mistake (it has no fee line and no settlement). */
    HisClient.Answer cancelAdmission(Encounter e) {
        return his.call("2404", e.insuplc(), Map.of("data", Map.of("mdtrt_id", e.mdtrtId(), "psn_no", e.psnNo())));
    }

    private Encounter inpatient(String certno, String serial, LocalDateTime admitted, Maternity m, List<Fee> fees,
            boolean settle) {
        Encounter admission = admit(certno, serial, admitted, m);
        List<HisClient.Answer> steps = new ArrayList<>(admission.steps());
        if (admission.mdtrtId() == null) {
            return admission;
        }
        String psn = admission.psnNo();
        String insuplc = admission.insuplc();
        String mdtrt = admission.mdtrtId();
        step(steps, his.call("2301", insuplc, Map.of("feedetail", feeLines(fees, mdtrt, psn, null, admitted, m.medType()))));
        Map<String, Object> dscg = new LinkedHashMap<>();
        dscg.put("mdtrt_id", mdtrt);
        dscg.put("psn_no", psn);
        dscg.put("insutype", "510");
        dscg.put("endtime", m.at().plusDays(3).format(In.DATE_TIME));
        dscg.putAll(maternityFields(m));
        dscg.put("dscg_dept_codg", "0502");
        dscg.put("dscg_dept_name", "产科病房");
        dscg.put("dscg_way", "1");
        step(steps, his.call("2402", insuplc, Map.of("dscginfo", dscg, "diseinfo", List.of())));
        BigDecimal total = total(fees);
        Map<String, Object> data = settleData(psn, certno, m.medType(), total, mdtrt, null, "510");
        data.put("mid_setl_flag", "0");
        HisClient.Answer pre = step(steps, his.call("2303", insuplc, Map.of("data", data)));
        if (pre.infcode() != 0 || !settle) {
            return new Encounter(psn, insuplc, mdtrt, null, null, pre, null, steps);
        }
        HisClient.Answer s = step(steps, his.call("2304", insuplc, Map.of("data", data)));
        return new Encounter(psn, insuplc, mdtrt, null,
                s.infcode() == 0 ? s.output().path("setlinfo").path("setl_id").asString() : null, pre, s, steps);
    }

    /** 2208 (outpatient) or 2305 (inpatient): reverses a settlement. */
    HisClient.Answer reverse(Encounter e, boolean inpatient) {
        return his.call(inpatient ? "2305" : "2208", e.insuplc(),
                Map.of("data", Map.of("setl_id", e.setlId(), "mdtrt_id", e.mdtrtId(), "psn_no", e.psnNo())));
    }

    static Map<String, Object> settleData(String psn, String certno, String medType, BigDecimal total, String mdtrt,
            String batch, String insutype) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("psn_no", psn);
        d.put("mdtrt_cert_type", "02");
        d.put("mdtrt_cert_no", certno);
        d.put("med_type", medType);
        d.put("medfee_sumamt", total);
        d.put("psn_setlway", "01");
        d.put("mdtrt_id", mdtrt);
        if (batch != null) {
            d.put("chrg_bchno", batch);
        }
        d.put("acct_used_flag", "0");
        d.put("insutype", insutype);
        return d;
    }

    static List<Map<String, Object>> feeLines(List<Fee> fees, String mdtrt, String psn, String batch,
            LocalDateTime at, String medType) {
        List<Map<String, Object>> lines = new ArrayList<>();
        int n = 0;
        for (Fee f : fees) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("feedetl_sn", mdtrt.substring(Math.max(0, mdtrt.length() - 10)) + String.format("%03d", ++n));
            l.put("mdtrt_id", mdtrt);
            l.put("psn_no", psn);
            l.put("chrg_bchno", batch);
            l.put("med_type", medType);
            l.put("rx_circ_flag", "0");
            l.put("fee_ocur_time", at.format(In.DATE_TIME));
            l.put("med_list_codg", f.code());
            l.put("medins_list_codg", f.ownCode());
            l.put("det_item_fee_sumamt", f.amount());
            l.put("cnt", f.cnt());
            l.put("pric", f.price());
            l.put("bilg_dept_codg", "0501");
            l.put("bilg_dept_name", "产科");
            l.put("bilg_dr_codg", "D0001");
            l.put("bilg_dr_name", "周医生");
            l.put("hosp_appr_flag", "0");
            l.put("matn_fee_flag", "1");
            lines.add(l);
        }
        return lines;
    }

    static BigDecimal total(List<Fee> fees) {
        return fees.stream().map(Fee::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    private static Map<String, Object> maternityFields(Maternity m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("fpsc_no", null);
        f.put("matn_type", m.matnType());
        f.put("birctrl_type", m.birctrlType());
        f.put("latechb_flag", "0");
        f.put("geso_val", m.gesoVal());
        f.put("fetts", 1);
        f.put("fetus_cnt", m.fetusCnt());
        f.put("pret_flag", "0");
        f.put("birctrl_matn_date", m.at().toLocalDate().toString());
        return f;
    }

    private static Map<String, Object> diagnosis(String code, String name, LocalDateTime at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("diag_type", "1");
        d.put("maindiag_flag", "1");
        d.put("diag_srt_no", 1);
        d.put("diag_code", code);
        d.put("diag_name", name);
        d.put("diag_dept", "产科");
        d.put("dise_dor_no", "D0001");
        d.put("dise_dor_name", "周医生");
        d.put("diag_time", at.format(In.DATE_TIME));
        d.put("vali_flag", "1");
        return d;
    }

    private static HisClient.Answer step(List<HisClient.Answer> steps, HisClient.Answer a) {
        steps.add(a);
        return a;
    }
}
