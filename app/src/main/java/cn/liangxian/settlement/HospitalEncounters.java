package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.registry.Enrollments;

/**
 * Encounters (就诊) and their fee lines: outpatient registration (2201), visit information (2203), outpatient
 * fee upload and cancellation (2204 / 2205), inpatient admission (2401) and discharge (2402) with the maternity
 * fields, inpatient fee upload and cancellation (2301 / 2302). Each fee line is priced against the catalog of the
 * treating region when it arrives: 丙 items are self-paid in full, 乙 items carry their self-pay share first,
 * anything above the price cap is self-paid; the rest is in the policy scope.
 */
@Service
class HospitalEncounters {

    static final List<String> INSUTYPES = List.of(Enrollments.MEDICAL, Enrollments.MATERNITY);

    /** One encounter as stored. */
    record Encounter(long id, String mdtrtId, String regionCode, String insuredRegion, String institutionCode,
            long personId, String psnNo, String kind, String hospitalSerial, String insutype, String medType,
            LocalDateTime beginTime, LocalDateTime endTime, String status, String deptName, String doctorName,
            String mainDiagCode, String mainDiagName, String matnType, String birctrlType, LocalDate birctrlMatnDate,
            Integer gesoVal, Integer fetusCnt, Integer fetts, String pretFlag) {
    }

    private final JdbcClient jdbc;
    private final PersonNumbers numbers;
    private final Contracts contracts;
    private final Serials serials;

    HospitalEncounters(JdbcClient jdbc, PersonNumbers numbers, Contracts contracts, Serials serials) {
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.contracts = contracts;
        this.serials = serials;
    }

    // ---------------------------------------------------------------- outpatient

    Map<String, Object> registerOutpatient(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        String psnNo = in.text("psn_no", 30);
        String insutype = in.code("insutype", INSUTYPES);
        LocalDateTime begin = in.dateTime("begntime");
        in.code("mdtrt_cert_type", List.of("01", "02", "03"));
        in.text("mdtrt_cert_no", 50);
        String serial = in.text("ipt_otp_no", 30);
        in.text("atddr_no", 30);
        String doctor = in.text("dr_name", 50);
        in.text("dept_code", 30);
        String dept = in.text("dept_name", 100);
        in.text("caty", 6);
        serials.claim(call, serialKey(call, "OUTPATIENT", serial));
        PersonNumbers.Holder h = holder(call, psnNo);
        long id = insertEncounter(call, h, "OUTPATIENT", serial, insutype, null, begin, dept, doctor);
        Encounter e = byId(id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mdtrt_id", e.mdtrtId());
        data.put("psn_no", psnNo);
        data.put("ipt_otp_no", serial);
        return Map.of("data", data);
    }

    Map<String, Object> outpatientVisit(NhsaGateway.Call call) {
        In in = In.object(call.input(), "mdtrtinfo");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "OUTPATIENT");
        requireOpen(e);
        String medType = in.text("med_type", 6);
        LocalDateTime begin = in.dateTime("begntime");
        String disease = in.opt("dise_codg", 30);
        String birctrl = in.opt("birctrl_type", 6);
        LocalDate birctrlDate = in.optDate("birctrl_matn_date");
        String matn = in.opt("matn_type", 6);
        Integer geso = in.optInt("geso_val", 0, 45);
        List<In> diseases = In.array(call.input(), "diseinfo", false);
        String diagCode = null;
        String diagName = null;
        for (In d : diseases) {
            d.text("diag_type", 3);
            String code = d.text("diag_code", 20);
            String name = d.text("diag_name", 100);
            if (diagCode == null) {
                diagCode = code;
                diagName = name;
            }
        }
        jdbc.sql("""
                update encounter set med_type = ?, begin_time = ?, dise_codg = ?, birctrl_type = ?, birctrl_matn_date = ?,
                       matn_type = ?, geso_val = ?, main_diag_code = coalesce(?, main_diag_code),
                       main_diag_name = coalesce(?, main_diag_name), diagnoses = ? where id = ?""")
                .params(medType, begin, disease, birctrl, birctrlDate, matn, geso, diagCode, diagName,
                        diseases.isEmpty() ? null : call.input().get("diseinfo").toString(), e.id())
                .update();
        return Map.of();
    }

    Map<String, Object> uploadOutpatientFees(NhsaGateway.Call call) {
        return uploadFees(call, "OUTPATIENT");
    }

    Map<String, Object> cancelOutpatientFees(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "OUTPATIENT");
        String batch = in.opt("chrg_bchno", 30);
        String sn = in.opt("feedetl_sn", 30);
        if (batch == null && sn == null) {
            throw new NhsaException("FIELD_REQUIRED", "请填写收费批次号 chrg_bchno 或费用明细流水号 feedetl_sn",
                    "Give chrg_bchno or feedetl_sn");
        }
        return Map.of("result", cancel(e, sn == null || "0000".equals(sn) ? null : sn, batch));
    }

    // ---------------------------------------------------------------- inpatient

    Map<String, Object> admit(NhsaGateway.Call call) {
        In in = In.object(call.input(), "mdtrtinfo");
        String psnNo = in.text("psn_no", 30);
        String insutype = in.code("insutype", INSUTYPES);
        LocalDateTime begin = in.dateTime("begntime");
        in.code("mdtrt_cert_type", List.of("01", "02", "03"));
        in.text("mdtrt_cert_no", 50);
        String medType = in.text("med_type", 6);
        String serial = in.text("ipt_no", 30);
        in.text("atddr_no", 30);
        String doctor = in.text("chfpdr_name", 50);
        in.text("adm_diag_dscr", 200);
        in.text("adm_dept_codg", 30);
        String dept = in.text("adm_dept_name", 100);
        in.text("adm_bed", 30);
        String diagCode = in.text("dscg_maindiag_code", 20);
        String diagName = in.text("dscg_maindiag_name", 300);
        Maternity m = Maternity.read(in);
        In.array(call.input(), "diseinfo", false).forEach(d -> {
            d.text("diag_code", 20);
            d.text("diag_name", 100);
        });
        serials.claim(call, serialKey(call, "INPATIENT", serial));
        PersonNumbers.Holder h = holder(call, psnNo);
        long id = insertEncounter(call, h, "INPATIENT", serial, insutype, medType, begin, dept, doctor);
        jdbc.sql("""
                update encounter set main_diag_code = ?, main_diag_name = ?, dise_codg = ?, diagnoses = ? where id = ?""")
                .params(diagCode, diagName, in.opt("dise_codg", 30),
                        call.input().get("diseinfo") == null ? null : call.input().get("diseinfo").toString(), id)
                .update();
        m.store(jdbc, id);
        return Map.of("result", Map.of("mdtrt_id", byId(id).mdtrtId()));
    }

    Map<String, Object> discharge(NhsaGateway.Call call) {
        In in = In.object(call.input(), "dscginfo");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "INPATIENT");
        in.code("insutype", INSUTYPES);
        LocalDateTime end = in.dateTime("endtime");
        in.text("dscg_dept_codg", 30);
        in.text("dscg_dept_name", 100);
        in.text("dscg_way", 3);
        Maternity m = Maternity.read(in);
        if (!"OPEN".equals(e.status())) {
            throw new NhsaException("ENCOUNTER_NOT_OPEN", "该住院已出院或已结算", "The stay is already discharged or settled");
        }
        if (end.isBefore(e.beginTime())) {
            throw new NhsaException("FIELD_INVALID", "出院时间早于入院时间", "The discharge time is before the admission");
        }
        jdbc.sql("update encounter set end_time = ?, status = 'DISCHARGED', dise_codg = coalesce(?, dise_codg) where id = ?")
                .params(end, in.opt("dise_codg", 30), e.id()).update();
        m.store(jdbc, e.id());
        return Map.of();
    }

    /**
     * 2403: corrects an admission not yet settled: any of its start time, medical type, department, doctor, main
     * diagnosis, disease code and maternity fields that are given (what is left out stays), and its diagnoses when
     * diseinfo has any. A start after the discharge is refused.
     */
    Map<String, Object> updateAdmission(NhsaGateway.Call call) {
        In in = In.object(call.input(), "adminfo");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "INPATIENT");
        if (in.opt("insutype", 6) != null) {
            in.code("insutype", INSUTYPES);
        }
        LocalDateTime begin = in.optDateTime("begntime");
        String medType = in.opt("med_type", 6);
        String doctor = in.opt("chfpdr_name", 50);
        String dept = in.opt("adm_dept_name", 100);
        String diagCode = in.opt("dscg_maindiag_code", 20);
        String diagName = in.opt("dscg_maindiag_name", 300);
        String disease = in.opt("dise_codg", 30);
        Maternity m = Maternity.read(in);
        List<In> diseases = In.array(call.input(), "diseinfo", false);
        diseases.forEach(d -> {
            d.text("diag_code", 20);
            d.text("diag_name", 100);
        });
        if ("SETTLED".equals(e.status())) {
            throw settledFirst("2305");
        }
        if (begin != null && e.endTime() != null && e.endTime().isBefore(begin)) {
            throw new NhsaException("FIELD_INVALID", "入院时间晚于出院时间", "The admission time is after the discharge");
        }
        int n = jdbc.sql("""
                update encounter set begin_time = coalesce(?, begin_time), med_type = coalesce(?, med_type),
                       doctor_name = coalesce(?, doctor_name), dept_name = coalesce(?, dept_name),
                       main_diag_code = coalesce(?, main_diag_code), main_diag_name = coalesce(?, main_diag_name),
                       dise_codg = coalesce(?, dise_codg), diagnoses = coalesce(?, diagnoses)
                 where id = ? and status in ('OPEN', 'DISCHARGED')""")
                .params(begin, medType, doctor, dept, diagCode, diagName, disease,
                        diseases.isEmpty() ? null : call.input().get("diseinfo").toString(), e.id())
                .update();
        if (n == 0) {
            throw settledFirst("2305"); // settled meanwhile
        }
        m.store(jdbc, e.id());
        return Map.of();
    }

    /** 2405: takes a discharged stay back to OPEN, so its discharge can be done again (corrected) or fees added. */
    Map<String, Object> cancelDischarge(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "INPATIENT");
        in.opt("exp_content", 4000);
        if ("SETTLED".equals(e.status())) {
            throw settledFirst("2305");
        }
        if (!"DISCHARGED".equals(e.status())) {
            throw new NhsaException("ENCOUNTER_NOT_DISCHARGED", "该住院尚未出院，无可撤销的出院",
                    "The stay is not discharged: there is no discharge to cancel");
        }
        int n = jdbc.sql("update encounter set status = 'OPEN', end_time = null where id = ? and status = 'DISCHARGED'")
                .param(e.id()).update();
        if (n == 0) {
            throw settledFirst("2305"); // settled meanwhile
        }
        return Map.of();
    }

    /** 2202: cancels an outpatient registration that has no fee line left and no settlement. */
    Map<String, Object> cancelRegistration(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "OUTPATIENT");
        String serial = in.text("ipt_otp_no", 30);
        in.opt("exp_content", 4000);
        if (!e.hospitalSerial().equals(serial)) {
            throw new NhsaException("FIELD_INVALID", "门诊号 ipt_otp_no 与就诊ID不符", "The ipt_otp_no is not the encounter's");
        }
        cancelEncounter(call, e, "2208", "2205");
        return Map.of();
    }

    /** 2404: cancels an admission that has no fee line left, is not discharged and has no settlement. */
    Map<String, Object> cancelAdmission(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "INPATIENT");
        in.opt("exp_content", 4000);
        if ("DISCHARGED".equals(e.status())) {
            throw new NhsaException("ENCOUNTER_DISCHARGED", "该住院已出院，请先撤销出院（2405）",
                    "The stay is discharged: cancel the discharge (2405) first");
        }
        cancelEncounter(call, e, "2305", "2302");
        return Map.of();
    }

    /**
     * Marks an encounter CANCELLED when it is open, with no live settlement and no fee line that is not cancelled (in
     * one statement, so a line or settlement committed meanwhile is seen); otherwise refuses, naming the message that
     * undoes what is in the way.
     */
    private void cancelEncounter(NhsaGateway.Call call, Encounter e, String reversal, String feeCancel) {
        record Blockers(boolean settled, int fees, int updated) {
        }
        Blockers b = jdbc.sql("""
                with blockers as (
                    select exists (select 1 from settlement s where s.encounter_id = ? and s.status = 'SETTLED') as settled,
                           (select count(*) from fee_detail f where f.encounter_id = ? and f.cancelled_at is null)::int as fees),
                     done as (
                    update encounter set status = 'CANCELLED', cancelled_at = ?, cancel_msgid = ?
                     where id = ? and status = 'OPEN' and not (select settled from blockers) and (select fees from blockers) = 0
                    returning 1)
                select settled, fees, (select count(*) from done)::int from blockers""")
                .params(e.id(), e.id(), call.now().atZone(NhsaGateway.ZONE).toOffsetDateTime(), call.envelope().msgid(),
                        e.id())
                .query((rs, i) -> new Blockers(rs.getBoolean(1), rs.getInt(2), rs.getInt(3))).single();
        if (b.updated() == 1) {
            return;
        }
        if (b.settled() || "SETTLED".equals(e.status())) {
            throw settledFirst(reversal);
        }
        if (b.fees() > 0) {
            throw new NhsaException("FEES_PRESENT", "该就诊还有 " + b.fees() + " 条未撤销的费用明细，请先撤销（" + feeCancel + "）",
                    "The encounter has " + b.fees() + " fee line(s) not cancelled: cancel them (" + feeCancel + ") first");
        }
        throw new NhsaException("ENCOUNTER_NOT_OPEN", "该就诊状态已变化，未撤销", "The encounter changed meanwhile; nothing was cancelled");
    }

    private static NhsaException settledFirst(String reversal) {
        return new NhsaException("ENCOUNTER_SETTLED", "该就诊已结算，请先撤销结算（" + reversal + "）",
                "The encounter is settled: reverse the settlement (" + reversal + ") first");
    }

    /**
     * The key a registration claims for the hospital's outpatient or inpatient number: the number itself, and after
     * each cancelled registration of that number a fresh one, so the number can be registered again.
     */
    private String serialKey(NhsaGateway.Call call, String kind, String serial) {
        int cancelled = jdbc.sql("""
                select count(*) from encounter where institution_code = ? and kind = ? and hospital_serial = ?
                   and status = 'CANCELLED'""")
                .params(call.institutionCode(), kind, serial).query(Integer.class).single();
        return cancelled == 0 ? serial : serial + "/c" + cancelled;
    }

    Map<String, Object> uploadInpatientFees(NhsaGateway.Call call) {
        return uploadFees(call, "INPATIENT");
    }

    Map<String, Object> cancelInpatientFees(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        Encounter e = encounter(call, in.text("mdtrt_id", 30), in.text("psn_no", 30), "INPATIENT");
        String sn = in.text("feedetl_sn", 30);
        return Map.of("result", cancel(e, "0000".equals(sn) ? null : sn, null));
    }

    // ---------------------------------------------------------------- fee lines

    private Map<String, Object> uploadFees(NhsaGateway.Call call, String kind) {
        List<In> lines = In.array(call.input(), "feedetail", true);
        List<Map<String, Object>> result = new ArrayList<>();
        Encounter e = null;
        for (In l : lines) {
            String sn = l.text("feedetl_sn", 30);
            String mdtrtId = l.text("mdtrt_id", 30);
            String psnNo = l.text("psn_no", 30);
            if (e == null) {
                e = encounter(call, mdtrtId, psnNo, kind);
                if ("SETTLED".equals(e.status())) {
                    throw new NhsaException("ENCOUNTER_SETTLED", "就诊已结算，不能再上传费用", "The encounter is settled");
                }
            } else if (!e.mdtrtId().equals(mdtrtId)) {
                throw new NhsaException("FIELD_INVALID", "一次上传只能属于一个就诊ID", "One upload belongs to one mdtrt_id");
            }
            String batch = "OUTPATIENT".equals(kind) ? l.text("chrg_bchno", 30) : l.opt("chrg_bchno", 30);
            LocalDateTime at = l.dateTime("fee_ocur_time");
            String listCode = l.text("med_list_codg", 50);
            String ownCode = l.text("medins_list_codg", 150);
            BigDecimal amount = l.decimal("det_item_fee_sumamt").setScale(2, RoundingMode.UNNECESSARY);
            BigDecimal cnt = l.decimal("cnt");
            BigDecimal pric = l.decimal("pric");
            if (cnt.signum() == 0 || pric.signum() < 0) {
                throw new NhsaException("FIELD_INVALID", "费用明细 " + sn + " 的数量不能为0、单价不能为负",
                        "Fee line " + sn + ": the quantity cannot be zero nor the price negative");
            }
            if (cnt.multiply(pric).setScale(2, RoundingMode.HALF_UP).subtract(amount).abs()
                    .compareTo(new BigDecimal("0.01")) > 0) {
                throw new NhsaException("FEE_AMOUNT_MISMATCH", "费用明细 " + sn + " 的金额与数量×单价不符",
                        "Fee line " + sn + ": the amount is not quantity × price");
            }
            l.text("bilg_dept_codg", 30);
            l.text("bilg_dept_name", 100);
            l.text("bilg_dr_codg", 30);
            l.text("bilg_dr_name", 50);
            String matnFee = l.opt("matn_fee_flag", 6);
            Priced p = price(e.regionCode(), listCode, at.toLocalDate(), cnt, pric, amount);
            int inserted = jdbc.sql("""
                    insert into fee_detail (encounter_id, feedetl_sn, chrg_bchno, fee_time, med_list_codg, medins_list_codg,
                        item_name, item_class, amount, cnt, pric, price_cap, self_pay_share, fulamt_ownpay, overlmt,
                        preselfpay, inscp, matn_fee_flag, memo)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(e.id(), sn, batch, at, listCode, ownCode, p.name(), p.itemClass(), amount, cnt, pric,
                            p.priceCap(), p.selfPayShare(), p.fulamt(), p.overlmt(), p.preselfpay(), p.inscp(), matnFee,
                            p.memo())
                    .update();
            if (inserted == 0) {
                boolean same = jdbc.sql("""
                        select count(*) = 1 from fee_detail where encounter_id = ? and feedetl_sn = ? and amount = ?
                           and med_list_codg = ? and cancelled_at is null and coalesce(chrg_bchno, '') = coalesce(?, '')""")
                        .params(e.id(), sn, amount, listCode, batch).query(Boolean.class).single();
                if (!same) {
                    throw new NhsaException("FEE_LINE_CONFLICT", "费用明细流水号 " + sn + " 已上传且内容不同或已撤销",
                            "Fee line " + sn + " was uploaded before with other content, or cancelled");
                }
            }
            result.add(p.result(sn, amount, cnt, pric));
        }
        return Map.of("result", result);
    }

    /** What a fee line costs whom, by the catalog. */
    record Priced(String name, String itemClass, BigDecimal priceCap, BigDecimal selfPayShare, BigDecimal fulamt,
            BigDecimal overlmt, BigDecimal preselfpay, BigDecimal inscp, String memo) {

        Map<String, Object> result(String sn, BigDecimal amount, BigDecimal cnt, BigDecimal pric) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("feedetl_sn", sn);
            r.put("det_item_fee_sumamt", amount);
            r.put("cnt", cnt);
            r.put("pric", pric);
            r.put("pric_uplmt_amt", priceCap);
            r.put("selfpay_prop", selfPayShare);
            r.put("fulamt_ownpay_amt", fulamt);
            r.put("overlmt_amt", overlmt);
            r.put("preselfpay_amt", preselfpay);
            r.put("inscp_scp_amt", inscp);
            r.put("chrgitm_lv", itemClass == null ? null : switch (itemClass) {
                case "A" -> "01";
                case "B" -> "02";
                default -> "03";
            });
            r.put("med_chrgitm_type", null);
            r.put("lmt_used_flag", "0");
            r.put("memo", memo);
            return r;
        }
    }

    /**
     * Prices a fee line: above the catalog's price cap is self-paid (超限价); of the rest a 丙 item is self-paid
     * in full, a 乙 item its self-pay share first (rounded to the fen, half up), a 甲 item nothing. An item the
     * catalog does not know is outside the catalog, so self-paid in full.
     */
    Priced price(String region, String code, LocalDate on, BigDecimal cnt, BigDecimal pric, BigDecimal amount) {
        Optional<Contracts.Item> item = contracts.item(region, code, on);
        if (item.isEmpty()) {
            return new Priced(null, null, null, BigDecimal.ONE.setScale(4), amount, zero(), zero(), zero(),
                    "目录外项目，全自费 / not in the catalog: self-paid");
        }
        Contracts.Item it = item.get();
        BigDecimal over = zero();
        if (it.priceCap() != null && pric.compareTo(it.priceCap()) > 0) {
            over = pric.subtract(it.priceCap()).multiply(cnt).setScale(2, RoundingMode.HALF_UP);
            if (over.abs().compareTo(amount.abs()) > 0) {
                over = amount;
            }
        }
        BigDecimal rest = amount.subtract(over);
        BigDecimal share = it.selfPayShare() == null ? BigDecimal.ZERO : it.selfPayShare();
        BigDecimal ful = zero();
        BigDecimal pre = zero();
        switch (it.itemClass()) {
            case C -> {
                ful = rest;
                share = BigDecimal.ONE;
            }
            case B -> pre = rest.multiply(share).setScale(2, RoundingMode.HALF_UP);
            case A -> share = BigDecimal.ZERO;
        }
        BigDecimal inscp = rest.subtract(ful).subtract(pre);
        return new Priced(it.name(), it.itemClass().name(), it.priceCap(), share.setScale(4, RoundingMode.HALF_UP), ful,
                over, pre, inscp, null);
    }

    private List<Map<String, Object>> cancel(Encounter e, String sn, String batch) {
        List<String> cancelled = jdbc.sql("""
                update fee_detail set cancelled_at = now()
                 where encounter_id = ? and cancelled_at is null and settlement_id is null
                   and (?::text is null or feedetl_sn = ?) and (?::text is null or chrg_bchno = ?)
                returning feedetl_sn""")
                .params(e.id(), sn, sn, batch, batch).query(String.class).list();
        if (cancelled.isEmpty()) {
            throw new NhsaException("FEE_LINE_NOT_FOUND", "没有可撤销的未结算费用明细", "No unsettled fee line to cancel");
        }
        return cancelled.stream().map(s -> Map.<String, Object>of("feedetl_sn", s)).toList();
    }

    // ---------------------------------------------------------------- shared

    private PersonNumbers.Holder holder(NhsaGateway.Call call, String psnNo) {
        PersonNumbers.Holder h = numbers.holder(psnNo);
        String insuplc = call.envelope().insuplcAdmdvs();
        if (insuplc != null && !insuplc.equals(h.regionCode())) {
            throw new NhsaException("INSUPLC_MISMATCH", "参保地医保区划 " + insuplc + " 与人员参保地不符",
                    "insuplc_admdvs " + insuplc + " is not the person's region");
        }
        return h;
    }

    private long insertEncounter(NhsaGateway.Call call, PersonNumbers.Holder h, String kind, String serial,
            String insutype, String medType, LocalDateTime begin, String dept, String doctor) {
        long no = jdbc.sql("select nextval('nhsa_number_seq')").query(Long.class).single();
        String mdtrtId = call.region() + begin.toLocalDate().toString().replace("-", "") + String.format("%010d", no);
        try {
            return jdbc.sql("""
                    insert into encounter (mdtrt_id, region_code, insured_region, institution_code, person_id, psn_no, kind,
                        hospital_serial, insutype, med_type, begin_time, dept_name, doctor_name)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(mdtrtId, call.region(), h.regionCode(), call.institutionCode(), h.personId(), h.psnNo(), kind,
                            serial, insutype, medType, begin, dept, doctor)
                    .query(Long.class).single();
        } catch (org.springframework.dao.DuplicateKeyException ex) {
            throw new NhsaException("SERIAL_DUPLICATE", "住院/门诊号 " + serial + " 已登记", "The serial " + serial
                    + " is registered already");
        }
    }

    /** The institution's encounter by mdtrt_id, of the kind asked for, belonging to the psn_no given. */
    Encounter encounter(NhsaGateway.Call call, String mdtrtId, String psnNo, String kind) {
        return checked(jdbc.sql("select * from encounter where mdtrt_id = ? and institution_code = ?")
                .params(mdtrtId, call.institutionCode()).query((rs, i) -> read(rs)).optional(), mdtrtId, psnNo, kind);
    }

    /** The encounter a message names, refused when it is missing, of another person or of the other kind. */
    static Encounter checked(Optional<Encounter> found, String mdtrtId, String psnNo, String kind) {
        Encounter e = found.orElseThrow(() -> new NhsaException("MDTRT_NOT_FOUND", "就诊ID " + mdtrtId + " 不存在",
                "No encounter " + mdtrtId + " at this institution"));
        if (!e.psnNo().equals(psnNo)) {
            throw new NhsaException("PSN_NO_MISMATCH", "人员编号与就诊ID不符", "The psn_no does not match the encounter");
        }
        if (!e.kind().equals(kind)) {
            throw new NhsaException("ENCOUNTER_KIND", "OUTPATIENT".equals(kind) ? "该就诊ID不是门诊" : "该就诊ID不是住院",
                    "The encounter is not " + kind.toLowerCase(java.util.Locale.ROOT));
        }
        if ("CANCELLED".equals(e.status())) {
            throw new NhsaException("ENCOUNTER_CANCELLED", "OUTPATIENT".equals(kind) ? "该门诊挂号已撤销（2202）"
                    : "该住院登记已撤销（2404）", "The " + ("OUTPATIENT".equals(kind) ? "registration (2202)" : "admission (2404)")
                    + " was cancelled");
        }
        return e;
    }

    Encounter byId(long id) {
        return jdbc.sql("select * from encounter where id = ?").param(id).query((rs, i) -> read(rs)).single();
    }

    private static void requireOpen(Encounter e) {
        if ("SETTLED".equals(e.status())) {
            throw new NhsaException("ENCOUNTER_SETTLED", "就诊已结算", "The encounter is settled");
        }
    }

    static Encounter read(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Timestamp end = rs.getTimestamp("end_time");
        java.sql.Date d = rs.getDate("birctrl_matn_date");
        return new Encounter(rs.getLong("id"), rs.getString("mdtrt_id"), rs.getString("region_code"),
                rs.getString("insured_region"), rs.getString("institution_code"), rs.getLong("person_id"),
                rs.getString("psn_no"), rs.getString("kind"), rs.getString("hospital_serial"), rs.getString("insutype"),
                rs.getString("med_type"), rs.getTimestamp("begin_time").toLocalDateTime(),
                end == null ? null : end.toLocalDateTime(), rs.getString("status"), rs.getString("dept_name"),
                rs.getString("doctor_name"), rs.getString("main_diag_code"), rs.getString("main_diag_name"),
                rs.getString("matn_type"), rs.getString("birctrl_type"), d == null ? null : d.toLocalDate(),
                (Integer) rs.getObject("geso_val"), (Integer) rs.getObject("fetus_cnt"), (Integer) rs.getObject("fetts"),
                rs.getString("pret_flag"));
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(2);
    }

    /** The maternity fields of 2401 / 2402. */
    record Maternity(String fpscNo, String matnType, String birctrlType, String latechbFlag, Integer gesoVal,
            Integer fetts, Integer fetusCnt, String pretFlag, LocalDate birctrlMatnDate) {

        static Maternity read(In in) {
            return new Maternity(in.opt("fpsc_no", 50), in.opt("matn_type", 6), in.opt("birctrl_type", 6),
                    in.opt("latechb_flag", 3), in.optInt("geso_val", 0, 45), in.optInt("fetts", 0, 20),
                    in.optInt("fetus_cnt", 0, 9), in.opt("pret_flag", 3), in.optDate("birctrl_matn_date"));
        }

        void store(JdbcClient jdbc, long encounterId) {
            jdbc.sql("""
                    update encounter set fpsc_no = coalesce(?, fpsc_no), matn_type = coalesce(?, matn_type),
                           birctrl_type = coalesce(?, birctrl_type), latechb_flag = coalesce(?, latechb_flag),
                           geso_val = coalesce(?, geso_val), fetts = coalesce(?, fetts), fetus_cnt = coalesce(?, fetus_cnt),
                           pret_flag = coalesce(?, pret_flag), birctrl_matn_date = coalesce(?, birctrl_matn_date)
                     where id = ?""")
                    .params(fpscNo, matnType, birctrlType, latechbFlag, gesoVal, fetts, fetusCnt, pretFlag,
                            birctrlMatnDate, encounterId)
                    .update();
        }
    }
}
