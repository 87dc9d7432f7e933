package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.Amounts;

/**
 * Reconciliation with the hospital: 3201 totals (医药机构费用结算对总账) and 3202 detail (对明细账). The hospital's
 * figures are compared with its settlements here over the dates asked (settlement dates, both inclusive),
 * counting live settlements only (a reversed one counts nowhere). Every reconciliation is kept; each
 * disagreement becomes a line in the clerks' mismatch list.
 *
 * <p>3202 in the national flow carries a detail file uploaded by 9101; here the rows travel in the message
 * itself, in {@code input.detail} (the file's row fields), and the result rows come back in {@code output.detail}.
 */
@Service
class HospitalReconciliations {

    private final JdbcClient jdbc;

    HospitalReconciliations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Our figures for the institution over a period. */
    record Totals(BigDecimal medfee, BigDecimal fund, BigDecimal cash, int count) {
    }

    Map<String, Object> totals(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        String insutype = in.code("insutype", HospitalEncounters.INSUTYPES);
        String clrType = in.text("clr_type", 6);
        String optins = in.text("setl_optins", 6);
        LocalDate begin = in.date("stmt_begndate");
        LocalDate end = in.date("stmt_enddate");
        requireRange(begin, end);
        BigDecimal medfee = in.money("medfee_sumamt");
        BigDecimal fund = in.money("fund_pay_sumamt");
        BigDecimal acct = in.money("acct_pay");
        Integer count = in.optInt("fixmedins_setl_cnt", 0, Integer.MAX_VALUE);
        if (count == null) {
            in.text("fixmedins_setl_cnt", 10);
        }
        Totals ours = ours(call.institutionCode(), insutype, clrType, optins, begin, end);
        boolean balanced = ours.medfee().compareTo(medfee) == 0 && ours.fund().compareTo(fund) == 0
                && acct.signum() == 0 && ours.count() == count;
        long id = store(call, "3201", insutype, clrType, optins, begin, end, medfee, fund, acct, count, ours, balanced);
        if (!balanced) {
            mismatch(id, call, null, null, "TOTALS_DIFFER", medfee, fund, ours.medfee(), ours.fund());
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("setl_optins", optins);
        s.put("stmt_rslt", balanced ? "0" : "1");
        s.put("stmt_rslt_dscr", balanced ? "对账平 / balanced"
                : "对账不平 / not balanced: 医疗费总额 " + Amounts.fmt(ours.medfee()) + "（医院 " + Amounts.fmt(medfee) + "），基金支付 "
                        + Amounts.fmt(ours.fund()) + "（医院 " + Amounts.fmt(fund) + "），笔数 " + ours.count() + "（医院 " + count + "）");
        return Map.of("stmtinfo", s);
    }

    Map<String, Object> detail(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        String optins = in.text("setl_optins", 6);
        String fileNo = in.text("file_qury_no", 30);
        LocalDate begin = in.date("stmt_begndate");
        LocalDate end = in.date("stmt_enddate");
        requireRange(begin, end);
        BigDecimal medfee = in.money("medfee_sumamt");
        BigDecimal fund = in.money("fund_pay_sumamt");
        BigDecimal cash = in.money("cash_payamt");
        Integer count = in.optInt("fixmedins_setl_cnt", 0, Integer.MAX_VALUE);
        String clrType = in.opt("clr_type", 6);
        List<In> rows = In.array(call.input(), "detail", false);
        record Row(String setlId, String mdtrtId, String psnNo, BigDecimal medfee, BigDecimal fund, String refd) {
        }
        List<Row> theirs = new ArrayList<>();
        for (In r : rows) {
            theirs.add(new Row(r.text("setl_id", 30), r.text("mdtrt_id", 30), r.text("psn_no", 30), r.money("medfee_sumamt"),
                    r.money("fund_pay_sumamt"), r.code("refd_setl_flag", List.of("0", "1"))));
        }
        if (count == null || count != theirs.size()) {
            throw new NhsaException("DETAIL_COUNT_MISMATCH", "结算笔数 fixmedins_setl_cnt 与明细行数不符",
                    "fixmedins_setl_cnt differs from the number of detail rows");
        }
        record Ours(String setlId, String mdtrtId, String psnNo, BigDecimal medfee, BigDecimal fund, String status) {
        }
        Map<String, Ours> ours = new LinkedHashMap<>();
        jdbc.sql("""
                select setl_id, mdtrt_id, psn_no, medfee_sumamt, fund_pay, status from settlement
                 where institution_code = ? and treating_region = ? and setl_time >= ? and setl_time < ?
                   and (?::text is null or (case when kind = 'OUTPATIENT' then '11' else '21' end) = ?)
                 order by setl_time""")
                .params(call.institutionCode(), optins, begin, end.plusDays(1), clrType, clrType)
                .query((rs, i) -> new Ours(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getString(6)))
                .list().forEach(o -> ours.put(o.setlId(), o));
        Totals t = ours(call.institutionCode(), null, clrType, optins, begin, end);
        boolean totalsOk = t.medfee().compareTo(medfee) == 0 && t.fund().compareTo(fund) == 0
                && t.cash().compareTo(cash) == 0 && t.count() == theirs.size();
        record Finding(String setlId, String mdtrtId, String psnNo, String reason, BigDecimal hm, BigDecimal hf,
                BigDecimal om, BigDecimal of) {
        }
        List<Finding> findings = new ArrayList<>();
        Map<String, Row> seen = new HashMap<>();
        for (Row r : theirs) {
            seen.put(r.setlId(), r);
            Ours o = ours.get(r.setlId());
            if (o == null) {
                findings.add(new Finding(r.setlId(), r.mdtrtId(), r.psnNo(), "UNKNOWN_TO_AGENCY", r.medfee(), r.fund(), null, null));
            } else if (!"SETTLED".equals(o.status()) || "1".equals(r.refd())) {
                if (!("REVERSED".equals(o.status()) && "1".equals(r.refd()))) {
                    findings.add(new Finding(r.setlId(), r.mdtrtId(), r.psnNo(), "STATUS_DIFFERS", r.medfee(), r.fund(),
                            o.medfee(), o.fund()));
                }
            } else if (o.medfee().compareTo(r.medfee()) != 0 || o.fund().compareTo(r.fund()) != 0) {
                findings.add(new Finding(r.setlId(), r.mdtrtId(), r.psnNo(), "AMOUNT_DIFFERS", r.medfee(), r.fund(),
                        o.medfee(), o.fund()));
            }
        }
        for (Ours o : ours.values()) {
            if ("SETTLED".equals(o.status()) && !seen.containsKey(o.setlId())) {
                findings.add(new Finding(o.setlId(), o.mdtrtId(), o.psnNo(), "MISSING_AT_HOSPITAL", null, null, o.medfee(),
                        o.fund()));
            }
        }
        boolean balanced = totalsOk && findings.isEmpty();
        long id = store(call, "3202", null, clrType, optins, begin, end, medfee, fund, cash, theirs.size(), t, balanced);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Finding f : findings) {
            mismatch(id, call, f.setlId(), f.mdtrtId(), f.reason(), f.hm(), f.hf(), f.om(), f.of());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("psn_no", f.psnNo());
            r.put("mdtrt_id", f.mdtrtId());
            r.put("setl_id", f.setlId());
            r.put("msgid", null);
            r.put("stmt_rslt", "1");
            r.put("refd_setl_flag", "0");
            r.put("memo", f.reason());
            r.put("medfee_sumamt", f.om());
            r.put("fund_pay_sumamt", f.of());
            r.put("acct_pay", Amounts.ZERO);
            result.add(r);
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file_qury_no", "R" + id);
        file.put("filename", "stmt-" + call.institutionCode() + "-" + begin + "-" + end + "-" + fileNo + ".json");
        file.put("dld_endtime", call.now().plusDays(7).format(In.DATE_TIME));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fileinfo", file);
        out.put("stmtinfo", Map.of("setl_optins", optins, "stmt_rslt", balanced ? "0" : "1", "stmt_rslt_dscr",
                balanced ? "对账平 / balanced" : findings.size() + " 笔不一致 / " + findings.size() + " rows differ"));
        out.put("detail", result);
        return out;
    }

    /** Our live settlements of the institution over the dates, as the hospital counts them. */
    Totals ours(String institution, String insutype, String clrType, String optins, LocalDate begin, LocalDate end) {
        return jdbc.sql("""
                select coalesce(sum(medfee_sumamt), 0), coalesce(sum(fund_pay), 0), coalesce(sum(psn_cash_pay), 0), count(*)
                  from settlement
                 where institution_code = ? and treating_region = ? and status = 'SETTLED'
                   and setl_time >= ? and setl_time < ?
                   and (?::text is null or insutype = ?)
                   and (?::text is null or ?::text = '99' or (case when kind = 'OUTPATIENT' then '11' else '21' end) = ?)""")
                .params(institution, optins, begin, end.plusDays(1), insutype, insutype, clrType, clrType, clrType)
                .query((rs, i) -> new Totals(rs.getBigDecimal(1).setScale(2), rs.getBigDecimal(2).setScale(2),
                        rs.getBigDecimal(3).setScale(2), rs.getInt(4)))
                .single();
    }

    private long store(NhsaGateway.Call call, String infno, String insutype, String clrType, String optins,
            LocalDate begin, LocalDate end, BigDecimal medfee, BigDecimal fund, BigDecimal other, int count, Totals ours,
            boolean balanced) {
        return jdbc.sql("""
                insert into hospital_reconciliation (region_code, institution_code, infno, msgid, insutype, clr_type,
                    setl_optins, begin_date, end_date, hosp_medfee, hosp_fund, hosp_other, hosp_count, our_medfee, our_fund,
                    our_other, our_count, balanced)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(call.region(), call.institutionCode(), infno, call.envelope().msgid(), insutype, clrType, optins,
                        begin, end, medfee, fund, other, count, ours.medfee(), ours.fund(),
                        "3201".equals(infno) ? Amounts.ZERO : ours.cash(), ours.count(), balanced)
                .query(Long.class).single();
    }

    private void mismatch(long reconciliationId, NhsaGateway.Call call, String setlId, String mdtrtId, String reason,
            BigDecimal hm, BigDecimal hf, BigDecimal om, BigDecimal of) {
        jdbc.sql("""
                insert into reconciliation_mismatch (reconciliation_id, region_code, institution_code, setl_id, mdtrt_id,
                    reason, hosp_medfee, hosp_fund, our_medfee, our_fund) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(reconciliationId, call.region(), call.institutionCode(), setlId, mdtrtId, reason, hm, hf, om, of)
                .update();
    }

    private static void requireRange(LocalDate begin, LocalDate end) {
        if (end.isBefore(begin) || begin.plusDays(366).isBefore(end)) {
            throw new NhsaException("FIELD_INVALID", "对账日期范围无效（结束不早于开始，至多一年）",
                    "The reconciliation dates are invalid (end not before begin, at most a year)");
        }
    }
}
