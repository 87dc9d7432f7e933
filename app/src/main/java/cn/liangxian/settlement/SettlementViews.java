package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;
import tools.jackson.core.type.TypeReference;

/**
 * What the pages show: a hospital its own encounters, settlements and statements; agency staff the settlements
 * at their regions' institutions and of their regions' insured people, with the calculation, and the
 * reconciliation mismatches to look into. People are shown masked. Another party's object answers 404.
 */
@Service
class SettlementViews {

    static final Set<Role> REVIEWERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER,
            Role.SUPERVISOR, Role.FINANCE);

    /** An encounter as listed. */
    record EncounterRow(long id, String mdtrtId, String kind, String hospitalSerial, String medType,
            LocalDateTime beginTime, LocalDateTime endTime, String status, String personName, String personId,
            String insuredRegion, String matnType, String birctrlType, BigDecimal feeTotal, String setlId,
            java.time.OffsetDateTime cancelledAt, String cancelMsgid) {
    }

    /** A settlement as listed and shown. */
    record SettlementRow(long id, String setlId, String regionCode, String treatingRegion, String institutionCode,
            String mdtrtId, String kind, String category, String categoryZh, String categoryEn, String insuredKind,
            LocalDate serviceDate, LocalDateTime setlTime, BigDecimal medfee, BigDecimal fulamt, BigDecimal overlmt,
            BigDecimal preselfpay, BigDecimal inscp, BigDecimal fundPay, BigDecimal cashPay, String hospitalMethod,
            BigDecimal hospitalAmount, boolean crossRegion, String status, String reversalSetlId, String personName,
            String personId, String msgid, String reviewedBy, String reviewNote, Long clearingId) {
    }

    /** A fee line of a settlement. */
    record FeeRow(String feedetlSn, String code, String name, String itemClass, BigDecimal cnt, BigDecimal pric,
            BigDecimal amount, BigDecimal fulamt, BigDecimal overlmt, BigDecimal preselfpay, BigDecimal inscp,
            String memo, boolean cancelled) {
    }

    /** A settlement with its calculation and fee lines. */
    record Detail(SettlementRow settlement, List<ExplanationStep> explanation, List<FeeRow> fees) {
    }

    /** A reconciliation disagreement. */
    record Mismatch(long id, long reconciliationId, String institutionCode, String infno, LocalDate beginDate,
            LocalDate endDate, String setlId, String mdtrtId, String reason, BigDecimal hospMedfee, BigDecimal hospFund,
            BigDecimal ourMedfee, BigDecimal ourFund, String resolvedBy, String resolutionNote) {
    }

    /** Search filters of the clerks' page. */
    record Filter(String regionCode, String institution, String status, String category, LocalDate from,
            LocalDate to, Boolean crossRegion) {
    }

    private final JdbcClient jdbc;
    private final PersonDirectory persons;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final Contracts contracts;

    SettlementViews(JdbcClient jdbc, PersonDirectory persons, AccessPolicy access, AuditTrail audit,
            Contracts contracts) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.access = access;
        this.audit = audit;
        this.contracts = contracts;
    }

    /** The hospital's (or, for agency staff of its region, the institution's) latest encounters. */
    List<EncounterRow> encounters(LiangxianUser viewer, String institution, int limit) {
        requireInstitution(viewer, institution);
        record Raw(long id, String mdtrtId, String kind, String serial, String medType, LocalDateTime begin,
                LocalDateTime end, String status, long personId, String insuredRegion, String matn, String birctrl,
                BigDecimal fees, String setlId, java.time.OffsetDateTime cancelledAt, String cancelMsgid) {
        }
        List<Raw> raw = jdbc.sql("""
                select e.*, (select coalesce(sum(amount), 0) from fee_detail f where f.encounter_id = e.id
                              and f.cancelled_at is null) as fees,
                       (select max(s.setl_id) from settlement s where s.encounter_id = e.id and s.status = 'SETTLED') as setl
                  from encounter e where e.institution_code = ? order by e.begin_time desc, e.id desc limit ?""")
                .params(institution, limit)
                .query((rs, i) -> new Raw(rs.getLong("id"), rs.getString("mdtrt_id"), rs.getString("kind"),
                        rs.getString("hospital_serial"), rs.getString("med_type"),
                        rs.getTimestamp("begin_time").toLocalDateTime(),
                        rs.getTimestamp("end_time") == null ? null : rs.getTimestamp("end_time").toLocalDateTime(),
                        rs.getString("status"), rs.getLong("person_id"), rs.getString("insured_region"),
                        rs.getString("matn_type"), rs.getString("birctrl_type"), rs.getBigDecimal("fees"),
                        rs.getString("setl"), rs.getObject("cancelled_at", java.time.OffsetDateTime.class),
                        rs.getString("cancel_msgid")))
                .list();
        Map<Long, PersonDirectory.MaskedPerson> people = masked(raw.stream().map(Raw::personId).toList());
        return raw.stream().map(r -> new EncounterRow(r.id(), r.mdtrtId(), r.kind(), r.serial(), r.medType(), r.begin(),
                r.end(), r.status(), people.get(r.personId()).name(), people.get(r.personId()).idNumber(),
                r.insuredRegion(), r.matn(), r.birctrl(), r.fees(), r.setlId(), r.cancelledAt(), r.cancelMsgid())).toList();
    }

    /** One encounter of the hospital with its fee lines; another institution's answers 404. */
    EncounterRow encounter(LiangxianUser viewer, String mdtrtId) {
        String institution = jdbc.sql("select institution_code from encounter where mdtrt_id = ?").param(mdtrtId)
                .query(String.class).optional().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        requireInstitution(viewer, institution);
        return encounters(viewer, institution, 100000).stream().filter(e -> e.mdtrtId().equals(mdtrtId)).findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    List<FeeRow> encounterFees(LiangxianUser viewer, String mdtrtId) {
        encounter(viewer, mdtrtId);
        return jdbc.sql("""
                select f.* from fee_detail f join encounter e on e.id = f.encounter_id where e.mdtrt_id = ? order by f.id""")
                .param(mdtrtId).query((rs, i) -> fee(rs)).list();
    }

    /** The hospital's settlements. */
    List<SettlementRow> hospitalSettlements(LiangxianUser viewer, String institution, int limit) {
        requireInstitution(viewer, institution);
        return rows("where s.institution_code = ? order by s.setl_time desc, s.id desc limit ?", institution, limit);
    }

    /** The clerks' search within one of their regions (settlements at its institutions or of its insured). */
    List<SettlementRow> search(LiangxianUser viewer, Filter f) {
        access.requireRole(viewer, REVIEWERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(f.regionCode()));
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("where (s.treating_region = ? or s.region_code = ?)");
        params.add(f.regionCode());
        params.add(f.regionCode());
        if (f.institution() != null && !f.institution().isBlank()) {
            where.append(" and s.institution_code = ?");
            params.add(f.institution().strip().toUpperCase(java.util.Locale.ROOT));
        }
        if (f.status() != null && !f.status().isBlank()) {
            where.append(" and s.status = ?");
            params.add(f.status());
        }
        if (f.category() != null && !f.category().isBlank()) {
            where.append(" and s.category = ?");
            params.add(f.category());
        }
        if (f.from() != null) {
            where.append(" and s.setl_time >= ?");
            params.add(f.from());
        }
        if (f.to() != null) {
            where.append(" and s.setl_time < ?");
            params.add(f.to().plusDays(1));
        }
        if (f.crossRegion() != null) {
            where.append(" and s.cross_region = ?");
            params.add(f.crossRegion());
        }
        where.append(" order by s.setl_time desc, s.id desc limit 200");
        return rows(where.toString(), params.toArray());
    }

    /** One settlement with its calculation: its institution, or agency staff of the treating or insured region. */
    Detail detail(LiangxianUser viewer, String setlId) {
        List<SettlementRow> found = rows("where s.setl_id = ?", setlId);
        if (found.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        SettlementRow s = found.get(0);
        requireVisible(viewer, s);
        String json = jdbc.sql("select explanation from settlement where id = ?").param(s.id()).query(String.class).single();
        List<ExplanationStep> steps = NhsaGateway.JSON.readValue(json, new TypeReference<List<ExplanationStep>>() {
        });
        List<FeeRow> fees = jdbc.sql("""
                select f.* from fee_detail f join settlement s on s.encounter_id = f.encounter_id
                 where s.id = ? and (f.settlement_id = s.id or (s.status = 'REVERSED' and f.cancelled_at is null
                       and f.chrg_bchno is not distinct from nullif(s.chrg_bchno, ''))) order by f.id""")
                .param(s.id()).query((rs, i) -> fee(rs)).list();
        return new Detail(s, steps, fees);
    }

    /** A clerk marks a settlement reviewed, with a note. */
    @Transactional
    void review(LiangxianUser viewer, String setlId, String note) {
        access.requireRole(viewer, REVIEWERS);
        SettlementRow s = detail(viewer, setlId).settlement();
        String text = note == null ? "" : note.strip();
        if (text.length() < 2 || text.length() > 500) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "SETTLEMENT_REASON_REQUIRED");
        }
        jdbc.sql("update settlement set reviewed_by = ?, reviewed_at = now(), review_note = ? where id = ?")
                .params(viewer.getUsername(), text, s.id()).update();
        audit.record(s.regionCode(), "SETTLEMENT_REVIEWED", "settlement", setlId, null, text);
    }

    /** The open reconciliation mismatches of a region, for clerks. */
    List<Mismatch> mismatches(LiangxianUser viewer, String region, boolean open) {
        access.requireRole(viewer, REVIEWERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        return jdbc.sql("""
                select m.*, r.infno, r.begin_date, r.end_date from reconciliation_mismatch m
                  join hospital_reconciliation r on r.id = m.reconciliation_id
                 where m.region_code = ? and (m.resolved_at is null) = ? order by m.id desc limit 500""")
                .params(region, open)
                .query((rs, i) -> new Mismatch(rs.getLong("id"), rs.getLong("reconciliation_id"),
                        rs.getString("institution_code"), rs.getString("infno"),
                        rs.getDate("begin_date").toLocalDate(), rs.getDate("end_date").toLocalDate(),
                        rs.getString("setl_id"), rs.getString("mdtrt_id"), rs.getString("reason"),
                        rs.getBigDecimal("hosp_medfee"), rs.getBigDecimal("hosp_fund"), rs.getBigDecimal("our_medfee"),
                        rs.getBigDecimal("our_fund"), rs.getString("resolved_by"), rs.getString("resolution_note")))
                .list();
    }

    /** A clerk closes a mismatch with what was found. */
    @Transactional
    void resolve(LiangxianUser viewer, long mismatchId, String note) {
        access.requireRole(viewer, REVIEWERS);
        String region = jdbc.sql("select region_code from reconciliation_mismatch where id = ?").param(mismatchId)
                .query(String.class).optional().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        String text = note == null ? "" : note.strip();
        if (text.length() < 2 || text.length() > 500) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "SETTLEMENT_REASON_REQUIRED");
        }
        int n = jdbc.sql("""
                update reconciliation_mismatch set resolved_by = ?, resolved_at = now(), resolution_note = ?
                 where id = ? and resolved_at is null""").params(viewer.getUsername(), text, mismatchId).update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "SETTLEMENT_MISMATCH_RESOLVED");
        }
        audit.record(region, "RECONCILIATION_MISMATCH_RESOLVED", "reconciliation_mismatch", String.valueOf(mismatchId),
                null, text);
    }

    /** Regional totals of the clearing between regions: what each insured region owes the treating region. */
    record InterRegion(String insuredRegion, String treatingRegion, String period, int settlements, BigDecimal amount) {
    }

    List<InterRegion> interRegion(LiangxianUser viewer, String region) {
        access.requireRole(viewer, REVIEWERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        return jdbc.sql("""
                select insured_region, treating_region, period, sum(case when reason = 'SETTLEMENT' then 1 else -1 end),
                       sum(amount) from interregion_clearing where treating_region = ? or insured_region = ?
                 group by insured_region, treating_region, period order by period desc, insured_region, treating_region""")
                .params(region, region)
                .query((rs, i) -> new InterRegion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getBigDecimal(5)))
                .list();
    }

    // ---------------------------------------------------------------- helpers

    void requireInstitution(LiangxianUser viewer, String institution) {
        String region = contracts.institution(institution).map(Contracts.Institution::regionCode)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(viewer, new AccessPolicy.Owner(region, null, null, institution));
    }

    private void requireVisible(LiangxianUser viewer, SettlementRow s) {
        if (!access.canSee(viewer, new AccessPolicy.Owner(s.treatingRegion(), null, null, s.institutionCode()))
                && !access.canSee(viewer, AccessPolicy.Owner.region(s.regionCode()))) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
    }

    private List<SettlementRow> rows(String where, Object... params) {
        List<SettlementRow> partial = jdbc.sql("select s.* from settlement s " + where).params(params)
                .query((rs, i) -> {
                    MaternityCategory c = MaternityCategory.valueOf(rs.getString("category"));
                    java.sql.Date d = rs.getDate("service_date");
                    return new SettlementRow(rs.getLong("id"), rs.getString("setl_id"), rs.getString("region_code"),
                            rs.getString("treating_region"), rs.getString("institution_code"), rs.getString("mdtrt_id"),
                            rs.getString("kind"), c.name(), c.zh(), c.en(), rs.getString("insured_kind"), d.toLocalDate(),
                            rs.getTimestamp("setl_time").toLocalDateTime(), rs.getBigDecimal("medfee_sumamt"),
                            rs.getBigDecimal("fulamt_ownpay_amt"), rs.getBigDecimal("overlmt_selfpay"),
                            rs.getBigDecimal("preselfpay_amt"), rs.getBigDecimal("inscp_scp_amt"),
                            rs.getBigDecimal("fund_pay"), rs.getBigDecimal("psn_cash_pay"),
                            rs.getString("hospital_method"), rs.getBigDecimal("hospital_amount"),
                            rs.getBoolean("cross_region"), rs.getString("status"), rs.getString("reversal_setl_id"),
                            String.valueOf(rs.getLong("person_id")), null, rs.getString("msgid"),
                            rs.getString("reviewed_by"), rs.getString("review_note"), (Long) rs.getObject("clearing_id"));
                }).list();
        Map<Long, PersonDirectory.MaskedPerson> people = masked(
                partial.stream().map(s -> Long.valueOf(s.personName())).toList());
        return partial.stream().map(s -> {
            PersonDirectory.MaskedPerson p = people.get(Long.valueOf(s.personName()));
            return new SettlementRow(s.id(), s.setlId(), s.regionCode(), s.treatingRegion(), s.institutionCode(),
                    s.mdtrtId(), s.kind(), s.category(), s.categoryZh(), s.categoryEn(), s.insuredKind(),
                    s.serviceDate(), s.setlTime(), s.medfee(), s.fulamt(), s.overlmt(), s.preselfpay(), s.inscp(),
                    s.fundPay(), s.cashPay(), s.hospitalMethod(), s.hospitalAmount(), s.crossRegion(), s.status(),
                    s.reversalSetlId(), p.name(), p.idNumber(), s.msgid(), s.reviewedBy(), s.reviewNote(),
                    s.clearingId());
        }).toList();
    }

    private Map<Long, PersonDirectory.MaskedPerson> masked(List<Long> ids) {
        return persons.loadAll(new java.util.LinkedHashSet<>(ids)).stream().map(PersonDirectory::masked)
                .collect(Collectors.toMap(PersonDirectory.MaskedPerson::id, Function.identity()));
    }

    private static FeeRow fee(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new FeeRow(rs.getString("feedetl_sn"), rs.getString("med_list_codg"), rs.getString("item_name"),
                rs.getString("item_class"), rs.getBigDecimal("cnt"), rs.getBigDecimal("pric"), rs.getBigDecimal("amount"),
                rs.getBigDecimal("fulamt_ownpay"), rs.getBigDecimal("overlmt"), rs.getBigDecimal("preselfpay"),
                rs.getBigDecimal("inscp"), rs.getString("memo"), rs.getTimestamp("cancelled_at") != null);
    }
}
