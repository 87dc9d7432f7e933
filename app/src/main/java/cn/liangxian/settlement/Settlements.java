package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.PayingFund;
import cn.liangxian.registry.MaternityEvents;
import cn.liangxian.registry.PersonDirectory;

/**
 * Pre-settlement (2206 / 2303: computes, stores nothing), settlement (2207 / 2304) and reversal (2208 / 2305).
 * A settlement writes, in one transaction: the settlement with its fund lines (setldetail), the fee lines it
 * settles, the ledger entry in the insured region's book (maternity medical expenditure against the payable to
 * institutions), the record for clearing between regions when she was treated outside her region, and the
 * maternity event for a delivery, miscarriage or surgery, and the smart-monitoring alerts the settlement raises
 * ({@link SettlementMonitoring}). A reversal undoes each of them and is itself answered
 * once; a second reversal of the same settlement gets the first reversal's answer.
 */
@Service
class Settlements {

    /** Accounts of the maternity medical expenditure by paying fund, and the payable to institutions. */
    static final String EXPENDITURE_MERGED = "5001010201";
    static final String EXPENDITURE_LEGACY = "50010301";
    static final String PAYABLE = "2201";

    private final JdbcClient jdbc;
    private final SettlementEngine engine;
    private final HospitalEncounters encounters;
    private final Serials serials;
    private final Postings postings;
    private final MaternityEvents events;
    private final PersonDirectory persons;
    private final SettlementMonitoring monitoring;
    private final String fundPayType;

    Settlements(JdbcClient jdbc, SettlementEngine engine, HospitalEncounters encounters, Serials serials,
            Postings postings, MaternityEvents events, PersonDirectory persons, SettlementMonitoring monitoring,
            @Value("${liangxian.settlement.fund-pay-type:510100}") String fundPayType) {
        this.jdbc = jdbc;
        this.engine = engine;
        this.encounters = encounters;
        this.serials = serials;
        this.postings = postings;
        this.events = events;
        this.persons = persons;
        this.monitoring = monitoring;
        this.fundPayType = fundPayType;
    }

    // ---------------------------------------------------------------- handlers

    Map<String, Object> preSettleOutpatient(NhsaGateway.Call call) {
        Request r = Request.read(call, "OUTPATIENT", false);
        HospitalEncounters.Encounter e = encounters.encounter(call, r.mdtrtId(), r.psnNo(), "OUTPATIENT");
        requireNotSettled(e, r.batch());
        SettlementEngine.Computed c = engine.compute(e, engine.fees(e, r.batch()), r.medfee());
        return answer(c, null, call.now(), call.envelope().msgid(), r.insutype(), r.medType());
    }

    Map<String, Object> preSettleInpatient(NhsaGateway.Call call) {
        Request r = Request.read(call, "INPATIENT", false);
        HospitalEncounters.Encounter e = encounters.encounter(call, r.mdtrtId(), r.psnNo(), "INPATIENT");
        requireNotSettled(e, "");
        SettlementEngine.Computed c = engine.compute(e, engine.fees(e, null), r.medfee());
        return answer(c, null, call.now(), call.envelope().msgid(), r.insutype(), r.medType());
    }

    Map<String, Object> settleOutpatient(NhsaGateway.Call call) {
        return settle(call, Request.read(call, "OUTPATIENT", true));
    }

    Map<String, Object> settleInpatient(NhsaGateway.Call call) {
        return settle(call, Request.read(call, "INPATIENT", true));
    }

    Map<String, Object> reverseOutpatient(NhsaGateway.Call call) {
        return reverse(call, "OUTPATIENT");
    }

    Map<String, Object> reverseInpatient(NhsaGateway.Call call) {
        return reverse(call, "INPATIENT");
    }

    // ---------------------------------------------------------------- settle

    /** The fields of 2206/2207/2303/2304 {@code data}. */
    record Request(String psnNo, String mdtrtId, String batch, String insutype, String medType, BigDecimal medfee,
            String kind, Map<String, BigDecimal> split) {

        static Request read(NhsaGateway.Call call, String kind, boolean settle) {
            In in = In.object(call.input(), "data");
            String psn = in.text("psn_no", 30);
            in.code("mdtrt_cert_type", List.of("01", "02", "03"));
            in.text("mdtrt_cert_no", 50);
            String medType = "OUTPATIENT".equals(kind) ? in.text("med_type", 6) : in.opt("med_type", 6);
            BigDecimal medfee = in.money("medfee_sumamt");
            in.text("psn_setlway", 6);
            String mdtrt = in.text("mdtrt_id", 30);
            String batch = "OUTPATIENT".equals(kind) ? in.text("chrg_bchno", 30) : "";
            if (settle || "OUTPATIENT".equals(kind)) {
                in.code("acct_used_flag", List.of("0", "1"));
            }
            String insutype = in.code("insutype", HospitalEncounters.INSUTYPES);
            if ("INPATIENT".equals(kind)) {
                in.code("mid_setl_flag", List.of("0", "1"));
            }
            // 2207 repeats the split of the 2206 answer (全自费, 超限价, 先行自付, 政策范围内): required there
            Map<String, BigDecimal> split = new LinkedHashMap<>();
            if (settle && "OUTPATIENT".equals(kind)) {
                for (String f : JsonFields.SETTLE_AMOUNTS) {
                    split.put(f, in.money(f));
                }
            }
            return new Request(psn, mdtrt, batch, insutype, medType, medfee, kind, split);
        }
    }

    private Map<String, Object> settle(NhsaGateway.Call call, Request r) {
        // the encounter, and the hospital's serial: the encounter and charge batch, counted afresh after each reversal
        record Named(HospitalEncounters.Encounter encounter, int reversed) {
        }
        Named named = jdbc.sql("""
                select e.*, (select count(*) from settlement s where s.encounter_id = e.id and s.chrg_bchno = ?
                                and s.status = 'REVERSED') as reversed_count
                  from encounter e where e.mdtrt_id = ? and e.institution_code = ?""")
                .params(r.batch(), r.mdtrtId(), call.institutionCode())
                .query((rs, i) -> new Named(HospitalEncounters.read(rs), rs.getInt("reversed_count"))).optional()
                .orElse(null);
        HospitalEncounters.Encounter e0 = HospitalEncounters.checked(Optional.ofNullable(named).map(Named::encounter),
                r.mdtrtId(), r.psnNo(), r.kind());
        // the serial, and the person's settlements one at a time: one statement
        serials.claim(call, r.mdtrtId() + "/" + r.batch() + "/" + named.reversed(), e0.personId());
        // after the lock, in a new statement: the encounter as the last settlement of this person left it, and its
        // unsettled fee lines
        record Locked(HospitalEncounters.Encounter encounter, boolean live, long number,
                SettlementEngine.Fees fees) {
        }
        String feeBatch = "OUTPATIENT".equals(r.kind()) ? r.batch() : null;
        Locked locked = jdbc.sql("""
                select e.*, exists (select 1 from settlement s where s.encounter_id = e.id and s.chrg_bchno = ?
                                      and s.status = 'SETTLED') as live, nextval('nhsa_number_seq') as number, f.*
                  from encounter e cross join lateral (%s) f where e.id = ?""".formatted(SettlementEngine.feeTotals("e.id")))
                .params(r.batch(), feeBatch, feeBatch, e0.id())
                .query((rs, i) -> new Locked(HospitalEncounters.read(rs), rs.getBoolean("live"), rs.getLong("number"),
                        rs.getArray("fee_ids") == null ? null : SettlementEngine.fees(rs)))
                .single();
        HospitalEncounters.Encounter e = locked.encounter();
        if ("INPATIENT".equals(r.kind()) && "OPEN".equals(e.status())) {
            throw new NhsaException("ENCOUNTER_NOT_DISCHARGED", "请先办理出院（2402）再结算", "Discharge the stay (2402) before settling");
        }
        if (locked.live()) {
            throw alreadySettled();
        }
        if (locked.fees() == null) {
            throw SettlementEngine.noFees();
        }
        SettlementEngine.Computed c = engine.compute(e, locked.fees(), r.medfee());
        requireSameSplit(r, c);
        String medType = r.medType() == null ? e.medType() : r.medType();
        String setlId = e.insuredRegion() + "S" + call.now().toLocalDate().toString().replace("-", "")
                + String.format("%010d", locked.number());
        Long entryId = null;
        if (c.fundPay().signum() > 0) {
            JournalEntry entry = postings.post(new PostingRequest(e.insuredRegion(), book(c.payingFund()),
                    SourceType.SETTLEMENT, setlId, call.now().toLocalDate(), c.serviceDate(),
                    "生育医疗费用结算 " + setlId + " " + c.category().zh() + " " + e.institutionCode(),
                    List.of(PostingLine.debit(expenditure(c.payingFund()), c.fundPay()),
                            PostingLine.credit(PAYABLE, c.fundPay()))));
            entryId = entry.id();
        }
        long id = jdbc.sql("""
                insert into settlement (setl_id, region_code, treating_region, institution_code, encounter_id, mdtrt_id,
                    person_id, psn_no, chrg_bchno, kind, insutype, med_type, category, insured_kind, fetus_count,
                    service_date, setl_time, medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt,
                    inscp_scp_amt, fund_pay, psn_cash_pay, benefit_method, benefit_standard, hospital_method,
                    hospital_amount, head_counted, cross_region, explanation, msgid, book, entry_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning id""")
                .params(setlId, e.insuredRegion(), e.regionCode(), e.institutionCode(), e.id(), e.mdtrtId(),
                        e.personId(), e.psnNo(), r.batch(), r.kind(), r.insutype(), medType, c.category().name(),
                        c.insuredKind().name(), c.fetusCount(), c.serviceDate(), call.now(), c.fees().medfee(),
                        c.fees().fulamt(), c.fees().overlmt(), c.fees().preselfpay(), c.fees().inscp(), c.fundPay(),
                        c.cashPay(), c.benefitMethod() == null ? null : c.benefitMethod().name(), c.benefitStandard(),
                        c.hospitalMethod().name(), c.hospitalAmount(), c.headCounted(), c.crossRegion(),
                        NhsaGateway.JSON.writeValueAsString(c.explanation()), call.envelope().msgid(),
                        book(c.payingFund()), entryId)
                .query(Long.class).single();
        // the fee lines it settles, its fund line, and the encounter (settled when no unsettled line is left): one statement
        String lineIds = "{" + String.join(",", c.fees().lineIds().stream().map(String::valueOf).toList()) + "}";
        Map<String, Object> line = fundLine(c);
        jdbc.sql("""
                with settled as (update fee_detail set settlement_id = ? where id = any(?::bigint[]) returning id),
                     fund_line as (insert into settlement_fund_line (settlement_id, line_no, fund_pay_type,
                         fund_pay_type_name, inscp_scp_amt, crt_payb_lmt_amt, fund_payamt, setl_proc_info)
                         values (?, 1, ?, ?, ?, ?, ?, ?) returning 1)
                update encounter set status = 'SETTLED'
                 where id = ? and (kind = 'INPATIENT' or not exists (select 1 from fee_detail f where f.encounter_id = ?
                       and f.cancelled_at is null and f.settlement_id is null and f.id <> all(?::bigint[])))
                   and (select count(*) from settled) >= 0 and (select count(*) from fund_line) = 1""")
                .params(id, lineIds, id, line.get("fund_pay_type"), line.get("fund_pay_type_name"),
                        line.get("inscp_scp_amt"), line.get("crt_payb_lmt_amt"), line.get("fund_payamt"),
                        line.get("setl_proc_info"), e.id(), e.id(), lineIds)
                .update();
        // smart monitoring: at most one statement, none for a settlement no rule can concern
        monitoring.check(new SettlementMonitoring.Checked(id, setlId, e.regionCode(), e.insuredRegion(),
                e.institutionCode(), e.personId(), c.category(), c.serviceDate(), c.fees().inscp(), c.benefitStandard()),
                "SETTLEMENT");
        if (c.crossRegion()) {
            jdbc.sql("""
                    insert into interregion_clearing (settlement_id, insured_region, treating_region, institution_code,
                        period, amount, reason) values (?, ?, ?, ?, ?, ?, 'SETTLEMENT')""")
                    .params(id, e.insuredRegion(), e.regionCode(), e.institutionCode(), period(call.now()), c.fundPay())
                    .update();
        }
        if (c.category() != MaternityCategory.PRENATAL_CARE) {
            events.record(e.insuredRegion(), e.personId(), c.serviceDate(), "SETTLEMENT", setlId);
        }
        return answer(c, setlId, call.now(), call.envelope().msgid(), r.insutype(), medType);
    }

    /** The split the hospital repeats from its pre-settlement must be the one computed now. */
    private static void requireSameSplit(Request r, SettlementEngine.Computed c) {
        Map<String, BigDecimal> ours = Map.of("fulamt_ownpay_amt", c.fees().fulamt(), "overlmt_selfpay", c.fees().overlmt(),
                "preselfpay_amt", c.fees().preselfpay(), "inscp_scp_amt", c.fees().inscp());
        for (Map.Entry<String, BigDecimal> given : r.split().entrySet()) {
            if (given.getValue().compareTo(ours.get(given.getKey())) != 0) {
                throw new NhsaException("AMOUNTS_DIFFER", given.getKey() + " " + given.getValue().toPlainString()
                        + " 与本次计算 " + ours.get(given.getKey()).toPlainString() + " 不符（费用明细在预结算后有变动？请重新预结算）",
                        given.getKey() + " " + given.getValue().toPlainString() + " differs from "
                                + ours.get(given.getKey()).toPlainString() + " (fee lines changed since pre-settlement? pre-settle again)");
            }
        }
    }

    private void requireNotSettled(HospitalEncounters.Encounter e, String batch) {
        boolean live = jdbc.sql("select exists (select 1 from settlement where encounter_id = ? and chrg_bchno = ? and status = 'SETTLED')")
                .params(e.id(), batch).query(Boolean.class).single();
        if (live) {
            throw alreadySettled();
        }
    }

    private static NhsaException alreadySettled() {
        return new NhsaException("ALREADY_SETTLED", "该就诊（收费批次）已结算", "The encounter (charge batch) is settled already");
    }

    // ---------------------------------------------------------------- reverse

    private Map<String, Object> reverse(NhsaGateway.Call call, String kind) {
        In in = In.object(call.input(), "data");
        String setlId = in.text("setl_id", 30);
        String mdtrtId = in.text("mdtrt_id", 30);
        String psnNo = in.text("psn_no", 30);
        serials.claim(call, setlId);
        HospitalEncounters.Encounter e = encounters.encounter(call, mdtrtId, psnNo, kind);
        Stored s = stored(setlId).filter(x -> x.encounterId() == e.id())
                .orElseThrow(() -> new NhsaException("SETTLEMENT_NOT_FOUND", "结算ID " + setlId + " 不存在或不属于该就诊",
                        "No settlement " + setlId + " of this encounter"));
        if (!"SETTLED".equals(s.status())) {
            throw new NhsaException("ALREADY_REVERSED", "该结算已撤销", "The settlement was reversed already");
        }
        long no = jdbc.sql("select nextval('nhsa_number_seq')").query(Long.class).single();
        String reversalId = s.regionCode() + "R" + call.now().toLocalDate().toString().replace("-", "")
                + String.format("%010d", no);
        jdbc.sql("""
                update settlement set status = 'REVERSED', reversal_setl_id = ?, reversed_at = ?, reversal_msgid = ?
                 where id = ? and status = 'SETTLED'""")
                .params(reversalId, call.now().atZone(NhsaGateway.ZONE).toOffsetDateTime(), call.envelope().msgid(), s.id())
                .update();
        jdbc.sql("update fee_detail set settlement_id = null where settlement_id = ?").param(s.id()).update();
        jdbc.sql("update encounter set status = case when kind = 'INPATIENT' then 'DISCHARGED' else 'OPEN' end where id = ?")
                .param(e.id()).update();
        if (s.entryId() != null) {
            postings.reverse(s.regionCode(), s.entryId(), "结算撤销 " + setlId, call.now().toLocalDate());
        }
        events.withdraw(s.regionCode(), "SETTLEMENT", setlId, "结算撤销 " + reversalId + " / settlement reversed");
        if (s.crossRegion()) {
            jdbc.sql("""
                    insert into interregion_clearing (settlement_id, insured_region, treating_region, institution_code,
                        period, amount, reason) values (?, ?, ?, ?, ?, ?, 'REVERSAL')""")
                    .params(s.id(), s.regionCode(), s.treatingRegion(), s.institutionCode(), period(call.now()),
                            s.fundPay().negate())
                    .update();
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("mdtrt_id", mdtrtId);
        info.put("setl_id", reversalId);
        info.put("clr_optins", s.treatingRegion());
        info.put("setl_time", call.now().format(In.DATE_TIME));
        info.put("medfee_sumamt", s.medfee().negate());
        info.put("fulamt_ownpay_amt", s.fulamt().negate());
        info.put("overlmt_selfpay", s.overlmt().negate());
        info.put("preselfpay_amt", s.preselfpay().negate());
        info.put("inscp_scp_amt", s.inscp().negate());
        info.put("act_pay_dedc", Amounts.ZERO);
        amountsByFund(info, s.payingFundMerged(), s.fundPay().negate());
        info.put("fund_pay_sumamt", s.fundPay().negate());
        info.put("psn_part_amt", s.cashPay().negate());
        info.put("acct_pay", Amounts.ZERO);
        info.put("balc", Amounts.ZERO);
        info.put("acct_mulaid_pay", Amounts.ZERO);
        info.put("hosp_part_amt", Amounts.ZERO);
        info.put("medins_setl_id", call.envelope().msgid());
        info.put("INPATIENT".equals(kind) ? "psn_cash_pay" : "pdn_cash_pay", s.cashPay().negate());
        List<Map<String, Object>> detail = jdbc.sql("select * from settlement_fund_line where settlement_id = ? order by line_no")
                .param(s.id()).query((rs, i) -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("fund_pay_type", rs.getString("fund_pay_type"));
                    d.put("inscp_scp_amt", rs.getBigDecimal("inscp_scp_amt").negate());
                    d.put("crt_payb_lmt_amt", rs.getBigDecimal("crt_payb_lmt_amt"));
                    d.put("fund_payamt", rs.getBigDecimal("fund_payamt").negate());
                    d.put("fund_pay_type_name", rs.getString("fund_pay_type_name"));
                    d.put("setl_proc_info", "撤销结算 " + setlId + " / reversal of " + setlId);
                    return d;
                }).list();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setlinfo", info);
        out.put("setldetail", detail);
        return out;
    }

    /** A stored settlement's figures, for reversal. */
    record Stored(long id, String setlId, String regionCode, String treatingRegion, String institutionCode,
            long encounterId, String status, BigDecimal medfee, BigDecimal fulamt, BigDecimal overlmt,
            BigDecimal preselfpay, BigDecimal inscp, BigDecimal fundPay, BigDecimal cashPay, Long entryId,
            boolean crossRegion, boolean payingFundMerged) {
    }

    Optional<Stored> stored(String setlId) {
        return jdbc.sql("""
select * from settlement where setl_id = ?""")
                .param(setlId)
                .query((rs, i) -> new Stored(rs.getLong("id"), rs.getString("setl_id"), rs.getString("region_code"),
                        rs.getString("treating_region"), rs.getString("institution_code"), rs.getLong("encounter_id"),
                        rs.getString("status"), rs.getBigDecimal("medfee_sumamt"), rs.getBigDecimal("fulamt_ownpay_amt"),
                        rs.getBigDecimal("overlmt_selfpay"), rs.getBigDecimal("preselfpay_amt"),
                        rs.getBigDecimal("inscp_scp_amt"), rs.getBigDecimal("fund_pay"), rs.getBigDecimal("psn_cash_pay"),
                        (Long) rs.getObject("entry_id"), rs.getBoolean("cross_region"),
                        !"MATERNITY".equals(rs.getString("book"))))
                .optional();
    }

    // ---------------------------------------------------------------- the answer

    private Map<String, Object> answer(SettlementEngine.Computed c, String setlId, LocalDateTime now, String msgid,
            String insutype, String medType) {
        HospitalEncounters.Encounter e = c.encounter();
        PersonDirectory.RevealedPerson p = persons.loadAll(List.of(e.personId())).get(0);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("mdtrt_id", e.mdtrtId());
        if (setlId != null) {
            info.put("setl_id", setlId);
        }
        info.put("psn_no", e.psnNo());
        info.put("psn_name", p.name());
        info.put("psn_cert_type", "01");
        info.put("certno", p.idNumber());
        info.put("gend", "F".equals(p.sex()) ? "2" : "1");
        info.put("naty", null);
        info.put("brdy", p.birthDate() == null ? null : p.birthDate().toString());
        info.put("age", p.birthDate() == null ? null
                : BigDecimal.valueOf(java.time.Period.between(p.birthDate(), c.serviceDate()).getYears()).setScale(1));
        info.put("insutype", insutype);
        info.put("psn_type", PersonLookup.PSN_TYPE.get(c.insuredKind().name()));
        info.put("cvlserv_flag", "0");
        info.put("setl_time", now.format(In.DATE_TIME));
        info.put("mdtrt_cert_type", "02");
        info.put("med_type", medType);
        info.put("medfee_sumamt", c.fees().medfee());
        info.put("fulamt_ownpay_amt", c.fees().fulamt());
        info.put("overlmt_selfpay", c.fees().overlmt());
        info.put("preselfpay_amt", c.fees().preselfpay());
        info.put("inscp_scp_amt", c.fees().inscp());
        info.put("act_pay_dedc", Amounts.ZERO);
        amountsByFund(info, c.payingFund() == PayingFund.EMPLOYEE_MEDICAL_MATERNITY_ITEM, c.fundPay());
        info.put("fund_pay_sumamt", c.fundPay());
        info.put("psn_part_amt", c.cashPay());
        info.put("acct_pay", Amounts.ZERO);
        info.put("psn_cash_pay", c.cashPay());
        info.put("hosp_part_amt", Amounts.ZERO);
        info.put("balc", Amounts.ZERO);
        info.put("acct_mulaid_pay", Amounts.ZERO);
        info.put("medins_setl_id", msgid);
        info.put("clr_optins", e.regionCode());
        info.put("clr_way", "1");
        info.put("clr_type", "OUTPATIENT".equals(e.kind()) ? "11" : "21");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setlinfo", info);
        out.put("setldetail", List.of(fundLine(c)));
        return out;
    }

    /**
     * Where the maternity fund's payment shows in setlinfo (the spec has no maternity field, nhsa-interface.md
     * §15.9): after the merger it is paid from the employee medical pooled fund's maternity item, so hifp_pay;
     * before it, from the maternity fund, so oth_pay.
     */
    private static void amountsByFund(Map<String, Object> info, boolean merged, BigDecimal fund) {
        info.put("hifp_pay", merged ? fund : Amounts.ZERO);
        info.put("pool_prop_selfpay", BigDecimal.ZERO.setScale(4));
        info.put("cvlserv_pay", Amounts.ZERO);
        info.put("hifes_pay", Amounts.ZERO);
        info.put("hifmi_pay", Amounts.ZERO);
        info.put("hifob_pay", Amounts.ZERO);
        info.put("maf_pay", Amounts.ZERO);
        info.put("oth_pay", merged ? Amounts.ZERO : fund);
    }

    private Map<String, Object> fundLine(SettlementEngine.Computed c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("fund_pay_type", fundPayType);
        d.put("inscp_scp_amt", c.fees().inscp());
        d.put("crt_payb_lmt_amt", c.payableLimit());
        d.put("fund_payamt", c.fundPay());
        d.put("fund_pay_type_name", c.payingFund().zh() + "（生育医疗费用）");
        d.put("setl_proc_info", trace(c.explanation()));
        return d;
    }

    /** The calculation as one text of at most 4000 characters (the field's length). */
    static String trace(List<ExplanationStep> steps) {
        StringBuilder b = new StringBuilder();
        for (ExplanationStep s : steps) {
            if (s.value() == null) {
                continue;
            }
            b.append(s.parameter()).append('=').append(s.value());
            if (s.note() != null) {
                b.append(" ").append(s.note());
            }
            if (s.reference() != null) {
                b.append(" [").append(s.reference()).append(']');
            }
            b.append("；");
        }
        return b.length() > 4000 ? b.substring(0, 3999) + "…" : b.toString();
    }

    static String book(PayingFund fund) {
        return fund == PayingFund.MATERNITY_FUND ? "MATERNITY" : "POOLED";
    }

    static String expenditure(PayingFund fund) {
        return fund == PayingFund.MATERNITY_FUND ? EXPENDITURE_LEGACY : EXPENDITURE_MERGED;
    }

    static String period(LocalDateTime t) {
        return t.toLocalDate().toString().substring(0, 7).replace("-", "");
    }
}
