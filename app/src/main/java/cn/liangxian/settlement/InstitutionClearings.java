package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * The monthly clearing with each institution (月度清算): every settlement of the institution not yet cleared up to
 * the month's end, less those reversed before clearing, plus a negative line for each cleared settlement
 * reversed since; totals by payment method and category (what the hospital gets: quotas, capped actual cost,
 * heads, units); the clerks' deductions for the month; and the payment order posted to the institution's
 * region's ledger in one balanced entry:
 * <pre>
 *   Dr 2201 应付定点医疗机构款      the fund's payments of local settlements (posted at settlement)
 *   Dr 110199 其他暂付款            the fund's payments of settlements owed by other regions (cleared between regions)
 *   Dr/Cr 5001010201 生育医疗费用支出 what the payment method adds to (or takes from) those payments, less deductions
 *   Cr 1004 支出户存款              the net paid to the institution
 * </pre>
 * The statement is the institution's in the hospital portal. Clearing a month also measures the month's agreement
 * indicators from the institution's settlements ({@link SettlementIndicators}) and checks its caesarean rate
 * ({@link SettlementMonitoring}).
 */
@Service
class InstitutionClearings {

    static final Set<Role> CLEARERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER,
            Role.FINANCE);
    static final String BANK = "1004";
    static final String OTHER_REGIONS = "110199";

    /** A clearing statement. */
    record Statement(long id, String regionCode, String institutionCode, String institutionName, String period,
            int settlements, BigDecimal medfeeTotal, BigDecimal fundPayTotal, BigDecimal hospitalTotal,
            BigDecimal otherRegionTotal, BigDecimal deductionsTotal, BigDecimal netPayable, Long entryId,
            String entryNo, String createdBy, java.time.LocalDateTime createdAt, List<Line> lines,
            List<Deduction> deductions) {

        Statement withEntryNo(Postings postings) {
            String no = entryId == null ? null
                    : postings.find(regionCode, entryId).map(JournalEntry::entryNo).orElse(null);
            return new Statement(id, regionCode, institutionCode, institutionName, period, settlements, medfeeTotal,
                    fundPayTotal, hospitalTotal, otherRegionTotal, deductionsTotal, netPayable, entryId, no, createdBy,
                    createdAt, lines, deductions);
        }
    }

    /** One payment method and category of a statement. */
    record Line(String hospitalMethod, String category, int cases, int heads, BigDecimal medfeeTotal,
            BigDecimal fundPayTotal, BigDecimal hospitalTotal) {
    }

    /** An amount withheld from a month's clearing. */
    record Deduction(long id, String institutionCode, String period, BigDecimal amount, String reason, Long clearingId,
            String createdBy) {
    }

    private final JdbcClient jdbc;
    private final Contracts contracts;
    private final Postings postings;
    private final PolicyBook policy;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final SettlementMonitoring monitoring;

    InstitutionClearings(JdbcClient jdbc, Contracts contracts, Postings postings, PolicyBook policy,
            AccessPolicy access, AuditTrail audit, SettlementMonitoring monitoring) {
        this.jdbc = jdbc;
        this.contracts = contracts;
        this.postings = postings;
        this.policy = policy;
        this.access = access;
        this.audit = audit;
        this.monitoring = monitoring;
    }

    /** Records a deduction from the institution's clearing of a month (before that month is cleared). */
    @Transactional
    public Deduction deduct(LiangxianUser by, String institution, YearMonth period, BigDecimal amount, String reason) {
        Contracts.Institution inst = agencyInstitution(by, institution);
        if (amount == null || amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "SETTLEMENT_INVALID_AMOUNT");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2 || why.length() > 500) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "SETTLEMENT_REASON_REQUIRED");
        }
        if (cleared(institution, period)) {
            throw new ApiException(HttpStatus.CONFLICT, "SETTLEMENT_PERIOD_CLEARED", period.toString());
        }
        long id = jdbc.sql("""
                insert into clearing_deduction (region_code, institution_code, period, amount, reason, created_by)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(inst.regionCode(), institution, code(period), amount.setScale(2), why, by.getUsername())
                .query(Long.class).single();
        audit.record(inst.regionCode(), "CLEARING_DEDUCTION", "institution", institution, null,
                code(period) + " " + Amounts.fmt(amount) + " " + why);
        return new Deduction(id, institution, code(period), amount.setScale(2), why, null, by.getUsername());
    }

    /** Clears the institution's month: statement, lines, payment order. A month is cleared once. */
    @Transactional
    public Statement clear(LiangxianUser by, String institution, YearMonth period, LocalDate today) {
        Contracts.Institution inst = agencyInstitution(by, institution);
        if (period.isAfter(YearMonth.from(today))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "SETTLEMENT_PERIOD_FUTURE", code(period));
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("clearing:" + institution).query(Object.class).list();
        if (cleared(institution, period)) {
            throw new ApiException(HttpStatus.CONFLICT, "SETTLEMENT_PERIOD_CLEARED", code(period));
        }
        LocalDate end = period.atEndOfMonth().plusDays(1);
        record Row(long id, int sign, String method, String category, boolean head, BigDecimal medfee, BigDecimal fund,
                BigDecimal hospital, boolean cross) {
        }
        List<Row> rows = jdbc.sql("""
                select id, 1, hospital_method, category, head_counted, medfee_sumamt, fund_pay, hospital_amount, cross_region
                  from settlement where institution_code = ? and treating_region = ? and status = 'SETTLED'
                   and clearing_id is null and setl_time < ?
                union all
                select id, -1, hospital_method, category, head_counted, medfee_sumamt, fund_pay, hospital_amount, cross_region
                  from settlement where institution_code = ? and treating_region = ? and status = 'REVERSED'
                   and clearing_id is not null and reversal_clearing_id is null and reversed_at < ?
                 order by 1""")
                .params(institution, inst.regionCode(), end, institution, inst.regionCode(), end)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getBoolean(9)))
                .list();
        Map<String, Line> lines = new LinkedHashMap<>();
        BigDecimal medfee = Amounts.ZERO, fund = Amounts.ZERO, hospital = Amounts.ZERO, localFund = Amounts.ZERO,
                crossFund = Amounts.ZERO;
        int count = 0;
        for (Row r : rows) {
            BigDecimal s = BigDecimal.valueOf(r.sign());
            String key = r.method() + "/" + r.category();
            Line l = lines.getOrDefault(key, new Line(r.method(), r.category(), 0, 0, Amounts.ZERO, Amounts.ZERO,
                    Amounts.ZERO));
            lines.put(key, new Line(r.method(), r.category(), l.cases() + r.sign(), l.heads() + (r.head() ? r.sign() : 0),
                    l.medfeeTotal().add(r.medfee().multiply(s)), l.fundPayTotal().add(r.fund().multiply(s)),
                    l.hospitalTotal().add(r.hospital().multiply(s))));
            medfee = medfee.add(r.medfee().multiply(s));
            fund = fund.add(r.fund().multiply(s));
            hospital = hospital.add(r.hospital().multiply(s));
            if (r.cross()) {
                crossFund = crossFund.add(r.fund().multiply(s));
            } else {
                localFund = localFund.add(r.fund().multiply(s));
            }
            count += r.sign();
        }
        List<Deduction> deductions = deductions(institution, period).stream().filter(d -> d.clearingId() == null).toList();
        BigDecimal deducted = deductions.stream().map(Deduction::amount).reduce(Amounts.ZERO, BigDecimal::add);
        BigDecimal net = hospital.subtract(deducted);
        if (net.signum() < 0) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "SETTLEMENT_NET_NEGATIVE", Amounts.fmt(net));
        }
        long id = jdbc.sql("""
                insert into institution_clearing (region_code, institution_code, institution_name, period, settlements,
                    medfee_total, fund_pay_total, hospital_total, other_region_total, deductions_total, net_payable, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(inst.regionCode(), institution, inst.name(), code(period), count, medfee, fund, hospital, crossFund,
                        deducted, net, by.getUsername())
                .query(Long.class).single();
        int n = 0;
        for (Line l : lines.values()) {
            jdbc.sql("""
                    insert into institution_clearing_line (clearing_id, line_no, hospital_method, category, cases, heads,
                        medfee_total, fund_pay_total, hospital_total) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, ++n, l.hospitalMethod(), l.category(), l.cases(), l.heads(), l.medfeeTotal(),
                            l.fundPayTotal(), l.hospitalTotal())
                    .update();
        }
        for (Row r : rows) {
            jdbc.sql(r.sign() > 0 ? "update settlement set clearing_id = ? where id = ?"
                    : "update settlement set reversal_clearing_id = ? where id = ?").params(id, r.id()).update();
        }
        for (Deduction d : deductions) {
            jdbc.sql("update clearing_deduction set clearing_id = ? where id = ?").params(id, d.id()).update();
        }
        // the payment order: signed amounts per account, debit when positive
        Map<String, BigDecimal> signed = new LinkedHashMap<>();
        boolean merged = !period.atDay(1).isBefore(policy.at(inst.regionCode(), period.atDay(1)).get("merger.date").date());
        signed.put(Settlements.PAYABLE, localFund);
        signed.put(OTHER_REGIONS, crossFund);
        signed.put(merged ? Settlements.EXPENDITURE_MERGED : Settlements.EXPENDITURE_LEGACY,
                hospital.subtract(localFund).subtract(crossFund).subtract(deducted));
        signed.put(BANK, net.negate());
        List<PostingLine> legs = new ArrayList<>();
        signed.forEach((account, amount) -> {
            if (amount.signum() > 0) {
                legs.add(PostingLine.debit(account, amount));
            } else if (amount.signum() < 0) {
                legs.add(PostingLine.credit(account, amount.negate()));
            }
        });
        if (!legs.isEmpty()) {
            JournalEntry entry = postings.post(new PostingRequest(inst.regionCode(), merged ? "POOLED" : "MATERNITY",
                    SourceType.CLEARING_ORDER, "CLR-" + institution + "-" + code(period), today, period.atEndOfMonth(),
                    "医疗机构月度清算 " + institution + " " + code(period) + " 拨付 " + Amounts.fmt(net), legs));
            jdbc.sql("update institution_clearing set entry_id = ? where id = ?").params(entry.id(), id).update();
        }
        audit.record(inst.regionCode(), "INSTITUTION_CLEARED", "institution", institution, null,
                code(period) + " settlements " + count + " net " + Amounts.fmt(net));
        // the month's agreement indicators from its settlements, and the caesarean-rate rule on them
        monitoring.checkMonth(institution, period, "CLEARING");
        return statement(id);
    }

    /** The institution's statements, newest first (agency of its region, or the institution itself). */
    public List<Statement> statements(LiangxianUser viewer, String institution) {
        Contracts.Institution inst = contracts.institution(institution)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(viewer, new AccessPolicy.Owner(inst.regionCode(), null, null, inst.code()));
        return jdbc.sql("select id from institution_clearing where institution_code = ? order by period desc")
                .param(institution).query(Long.class).list().stream().map(this::statement).toList();
    }

    /** One statement, if the viewer may see it; else 404. */
    public Statement statement(LiangxianUser viewer, long id) {
        Statement s = jdbc.sql("select id from institution_clearing where id = ?").param(id).query(Long.class).optional()
                .map(this::statement).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(viewer, new AccessPolicy.Owner(s.regionCode(), null, null, s.institutionCode()));
        return s;
    }

    List<Deduction> deductions(String institution, YearMonth period) {
        return jdbc.sql("""
                select * from clearing_deduction where institution_code = ? and period = ? order by id""")
                .params(institution, code(period))
                .query((rs, i) -> new Deduction(rs.getLong("id"), rs.getString("institution_code"), rs.getString("period"),
                        rs.getBigDecimal("amount"), rs.getString("reason"), (Long) rs.getObject("clearing_id"),
                        rs.getString("created_by")))
                .list();
    }

    private Statement statement(long id) {
        List<Line> lines = jdbc.sql("select * from institution_clearing_line where clearing_id = ? order by line_no")
                .param(id).query((rs, i) -> new Line(rs.getString("hospital_method"), rs.getString("category"),
                        rs.getInt("cases"), rs.getInt("heads"), rs.getBigDecimal("medfee_total"),
                        rs.getBigDecimal("fund_pay_total"), rs.getBigDecimal("hospital_total")))
                .list();
        List<Deduction> ds = jdbc.sql("select * from clearing_deduction where clearing_id = ? order by id").param(id)
                .query((rs, i) -> new Deduction(rs.getLong("id"), rs.getString("institution_code"), rs.getString("period"),
                        rs.getBigDecimal("amount"), rs.getString("reason"), (Long) rs.getObject("clearing_id"),
                        rs.getString("created_by")))
                .list();
        return jdbc.sql("select * from institution_clearing where id = ?").param(id)
                .query((rs, i) -> new Statement(rs.getLong("id"), rs.getString("region_code"),
                        rs.getString("institution_code"), rs.getString("institution_name"), rs.getString("period"),
                        rs.getInt("settlements"), rs.getBigDecimal("medfee_total"), rs.getBigDecimal("fund_pay_total"),
                        rs.getBigDecimal("hospital_total"), rs.getBigDecimal("other_region_total"),
                        rs.getBigDecimal("deductions_total"), rs.getBigDecimal("net_payable"),
                        (Long) rs.getObject("entry_id"), null, rs.getString("created_by"),
                        rs.getObject("created_at", java.time.OffsetDateTime.class).atZoneSameInstant(NhsaGateway.ZONE)
                                .toLocalDateTime(), lines, ds))
                .single()
                .withEntryNo(postings);
    }

    private boolean cleared(String institution, YearMonth period) {
        return jdbc.sql("select exists (select 1 from institution_clearing where institution_code = ? and period = ?)")
                .params(institution, code(period)).query(Boolean.class).single();
    }

    private Contracts.Institution agencyInstitution(LiangxianUser by, String institution) {
        access.requireRole(by, CLEARERS);
        Contracts.Institution inst = contracts.institution(institution)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(by, AccessPolicy.Owner.region(inst.regionCode()));
        return inst;
    }

    static String code(YearMonth p) {
        return p.toString().replace("-", "");
    }
}
