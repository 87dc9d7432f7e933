package cn.liangxian.institution;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * Service agreements (服务协议) of contracted institutions, kept as appended versions: a new version begins
 * after the latest one and ends it; nothing recorded is changed. Payment methods per maternity category default
 * to the region's policy on the version's first day, as do indicator limits; an agreement may set its own quota.
 * Also the measured indicator values per institution and period, each compared with the limit in force.
 */
@Service
public class Agreements {

    /** A measured ratio is refused above this many times the whole (a growth rate of 1000 % is a typing error). */
    private static final BigDecimal MAX_RATIO = BigDecimal.TEN;

    private final JdbcClient jdbc;
    private final Institutions institutions;
    private final PolicyBook policy;
    private final AuditTrail audit;
    private final AccessPolicy access;

    Agreements(JdbcClient jdbc, Institutions institutions, PolicyBook policy, AuditTrail audit, AccessPolicy access) {
        this.jdbc = jdbc;
        this.institutions = institutions;
        this.policy = policy;
        this.audit = audit;
        this.access = access;
    }

    /** The version in force on the date, if any. */
    public Optional<Agreement> inForce(String institutionCode, LocalDate date) {
        return versions(institutionCode).stream().filter(a -> a.inForceOn(date)).findFirst();
    }

    /** Every version of the institution's agreement, oldest first. */
    public List<Agreement> versions(String institutionCode) {
        String code = Institutions.normalise(institutionCode);
        List<Header> headers = jdbc.sql("""
                select id, region_code, institution_code, version, valid_from, term_end from agreement
                where institution_code = ? order by version""").param(code).query(Agreements::header).list();
        List<Agreement> out = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            LocalDate end = h.termEnd() == null ? null : h.termEnd().plusDays(1);
            if (i + 1 < headers.size()) {
                LocalDate next = headers.get(i + 1).validFrom();
                end = end == null || next.isBefore(end) ? next : end;
            }
            out.add(load(h, end));
        }
        return out;
    }

    /** The payment method of every maternity category in the region on the date, with no quota of its own. */
    public Map<MaternityCategory, CategoryTerms> defaults(String regionCode, LocalDate date) {
        PolicyView view = policy.at(regionCode, date);
        Map<MaternityCategory, CategoryTerms> terms = new EnumMap<>(MaternityCategory.class);
        for (MaternityCategory c : MaternityCategory.values()) {
            terms.put(c, new CategoryTerms(c, MedicalPaymentMethod.valueOf(view.get(methodKey(view, c)).text()), null));
        }
        return terms;
    }

    /** The region's default indicator limits on the date, by indicator name. */
    public Map<String, BigDecimal> defaultLimits(String regionCode, LocalDate date) {
        PolicyView view = policy.at(regionCode, date);
        Map<String, BigDecimal> limits = new LinkedHashMap<>();
        for (Indicator i : Indicator.values()) {
            view.find(i.limitParameter()).ifPresent(p -> limits.put(i.name(), p.decimal()));
        }
        return limits;
    }

    /**
     * The region's policy standard of a category on the date (a cap, quota, per-head amount or amount per unit), if
     * the method has one; what applies where an agreement sets no quota of its own.
     */
    public Optional<BigDecimal> policyStandard(String regionCode, LocalDate date, MaternityCategory c) {
        PolicyView view = policy.at(regionCode, date);
        String key = methodKey(view, c).replace(".method", ".amount");
        if (MedicalPaymentMethod.valueOf(view.get(methodKey(view, c)).text()) == MedicalPaymentMethod.ACTUAL_COST) {
            return Optional.empty();
        }
        return view.find(key).map(p -> p.decimal());
    }

    /** The policy parameter naming a category's payment method; a caesarean follows normal or difficult delivery. */
    static String methodKey(PolicyView view, MaternityCategory c) {
        String name = c == MaternityCategory.CAESAREAN_DELIVERY
                ? (view.get("maternity.caesarean_counts_as_difficult").bool() ? "difficult_delivery" : "normal_delivery")
                : c.name().toLowerCase(Locale.ROOT);
        return "maternity.medical." + name + ".method";
    }

    /**
     * Appends a new version of the institution's agreement, as the signed-in clerk of its region. It must begin
     * after the latest version began; that version then ends the day before.
     */
    @Transactional
    public Agreement create(String institutionCode, NewAgreement n) {
        LiangxianUser by = Current.required();
        access.requireRole(by, Institutions.CLERKS);
        Institution inst = institutions.visible(by, institutionCode);
        if (n == null || n.validFrom() == null || (n.termEnd() != null && n.termEnd().isBefore(n.validFrom()))) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_AGREEMENT_TERM");
        }
        // one version at a time per institution
        jdbc.sql("select code from institution where code = ? for update").param(inst.code()).query(String.class)
                .single();
        Optional<Header> latest = jdbc.sql("""
                select id, region_code, institution_code, version, valid_from, term_end from agreement
                where institution_code = ? order by version desc limit 1""").param(inst.code())
                .query(Agreements::header).optional();
        if (latest.isPresent() && !n.validFrom().isAfter(latest.get().validFrom())) {
            throw new ApiException(HttpStatus.CONFLICT, "AGREEMENT_NOT_AFTER_LATEST", latest.get().validFrom());
        }
        Map<MaternityCategory, CategoryTerms> terms;
        Map<String, BigDecimal> limits;
        try {
            terms = defaults(inst.regionCode(), n.validFrom());
            limits = defaultLimits(inst.regionCode(), n.validFrom());
        } catch (PolicyException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "NO_POLICY_AT_DATE", n.validFrom());
        }
        if (n.methods() != null) {
            n.methods().forEach((c, m) -> {
                if (c != null && m != null) {
                    terms.put(c, new CategoryTerms(c, m, null));
                }
            });
        }
        if (n.quotas() != null) {
            for (Map.Entry<MaternityCategory, BigDecimal> q : n.quotas().entrySet()) {
                if (q.getKey() == null || q.getValue() == null) {
                    continue;
                }
                CategoryTerms t = terms.get(q.getKey());
                if (t.method() == MedicalPaymentMethod.ACTUAL_COST) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "QUOTA_NOT_APPLICABLE", q.getKey().zh(),
                            q.getKey().en());
                }
                if (q.getValue().signum() <= 0 || q.getValue().scale() > 2
                        || q.getValue().compareTo(new BigDecimal("999999999999.99")) > 0) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_QUOTA", q.getKey().zh(), q.getKey().en());
                }
                terms.put(q.getKey(), new CategoryTerms(q.getKey(), t.method(), q.getValue().setScale(2)));
            }
        }
        if (n.indicatorLimits() != null) {
            for (Map.Entry<String, BigDecimal> l : n.indicatorLimits().entrySet()) {
                if (l.getValue() == null) {
                    continue;
                }
                Indicator i = Indicator.parse(l.getKey())
                        .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_INDICATOR", l.getKey()));
                ratio(l.getValue(), "INVALID_INDICATOR_LIMIT");
                limits.put(i.name(), l.getValue());
            }
        }
        List<String> clauses = n.maternityClauses() == null ? List.of()
                : n.maternityClauses().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        if (clauses.stream().anyMatch(s -> s.length() > 2000)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_CLAUSE");
        }
        int version = latest.map(h -> h.version() + 1).orElse(1);
        long id = jdbc.sql("""
                insert into agreement (region_code, institution_code, version, valid_from, term_end, recorded_by)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(inst.regionCode(), inst.code(), version, n.validFrom(), n.termEnd(), by.getUsername())
                .query(Long.class).single();
        for (CategoryTerms t : terms.values()) {
            jdbc.sql("insert into agreement_term (agreement_id, region_code, category, method, quota) values (?, ?, ?, ?, ?)")
                    .params(id, inst.regionCode(), t.category().name(), t.method().name(), t.quota()).update();
        }
        for (int i = 0; i < clauses.size(); i++) {
            jdbc.sql("insert into agreement_clause (agreement_id, region_code, position, text) values (?, ?, ?, ?)")
                    .params(id, inst.regionCode(), i + 1, clauses.get(i)).update();
        }
        for (Map.Entry<String, BigDecimal> l : limits.entrySet()) {
            jdbc.sql("""
                    insert into agreement_indicator (agreement_id, region_code, indicator, limit_value)
                    values (?, ?, ?, ?)""").params(id, inst.regionCode(), l.getKey(), l.getValue()).update();
        }
        audit.record(inst.regionCode(), "AGREEMENT_VERSION_ADDED", "agreement", inst.code() + "#" + version,
                latest.map(h -> "v" + h.version() + " from " + h.validFrom()).orElse(null),
                "v" + version + " from " + n.validFrom() + (n.termEnd() == null ? "" : " to " + n.termEnd()));
        return versions(inst.code()).stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }

    /**
     * Records an institution's measured indicator value for a period (a ratio: 0.35 is 35 %) as the signed-in agency
     * clerk of its region, or as the system when nobody is signed in. A later value for the same period counts
     * instead of the earlier one; both stay recorded. {@code source} says where it came from.
     */
    @Transactional
    public Measurement recordMeasurement(String institutionCode, Indicator indicator, LocalDate periodFrom,
            LocalDate periodTo, BigDecimal value, String source) {
        return record(Current.user(), institutionCode, indicator, periodFrom, periodTo, value, source);
    }

    /**
     * The same for values the system computes (e.g. from settlements), whoever is signed in on the thread: the
     * audit trail names {@code system:<source>}.
     */
    @Transactional
    public Measurement recordComputed(String institutionCode, Indicator indicator, LocalDate periodFrom,
            LocalDate periodTo, BigDecimal value, String source) {
        return record(Optional.empty(), institutionCode, indicator, periodFrom, periodTo, value, source);
    }

    private Measurement record(Optional<LiangxianUser> by, String institutionCode, Indicator indicator,
            LocalDate periodFrom, LocalDate periodTo, BigDecimal value, String source) {
        Institution inst;
        if (by.isPresent()) {
            access.requireRole(by.get(), Institutions.CLERKS);
            inst = institutions.visible(by.get(), institutionCode);
        } else {
            inst = institutions.find(institutionCode)
                    .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        }
        if (indicator == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_INDICATOR", "");
        }
        if (periodFrom == null || periodTo == null || periodTo.isBefore(periodFrom)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PERIOD");
        }
        ratio(value, "INVALID_MEASUREMENT");
        if (value.signum() < 0 && indicator == Indicator.CAESAREAN_RATE) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_MEASUREMENT");
        }
        String src = source == null || source.isBlank() ? "manual" : source.strip();
        String who = by.map(LiangxianUser::getUsername).orElse("system:" + src);
        jdbc.sql("""
                insert into indicator_measurement (region_code, institution_code, indicator, period_from, period_to,
                                                   measured_value, source, recorded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(inst.regionCode(), inst.code(), indicator.name(), periodFrom, periodTo, value, src, who).update();
        String what = indicator.name() + " " + periodFrom + ".." + periodTo + " = " + value.toPlainString();
        if (by.isPresent()) {
            audit.record(inst.regionCode(), "INDICATOR_MEASURED", "institution", inst.code(), null, what);
        } else {
            audit.record(new AuditTrail.Actor(who, null, inst.regionCode()), "INDICATOR_MEASURED", "institution",
                    inst.code(), null, what);
        }
        return measurements(inst.code()).stream()
                .filter(m -> m.indicator() == indicator && m.periodFrom().equals(periodFrom)
                        && m.periodTo().equals(periodTo))
                .findFirst().orElseThrow();
    }

    /**
     * The institution's measured values, latest period first (the latest recording per indicator and period),
     * each compared with the limit of the version in force on the period's last day.
     */
    public List<Measurement> measurements(String institutionCode) {
        String code = Institutions.normalise(institutionCode);
        List<Agreement> versions = versions(code);
        return jdbc.sql("""
                select distinct on (indicator, period_from, period_to)
                       indicator, period_from, period_to, measured_value, source
                from indicator_measurement where institution_code = ?
                order by indicator, period_from, period_to, id desc""").param(code)
                .query((rs, n) -> {
                    Indicator i = Indicator.valueOf(rs.getString("indicator"));
                    LocalDate to = rs.getObject("period_to", LocalDate.class);
                    BigDecimal value = rs.getBigDecimal("measured_value");
                    BigDecimal limit = versions.stream().filter(a -> a.inForceOn(to)).findFirst()
                            .map(a -> a.indicatorLimits().get(i.name())).orElse(null);
                    return new Measurement(code, i, rs.getObject("period_from", LocalDate.class), to, value,
                            rs.getString("source"), limit, limit == null ? null : value.compareTo(limit) <= 0);
                }).list().stream()
                .sorted((a, b) -> b.periodTo().compareTo(a.periodTo()) != 0 ? b.periodTo().compareTo(a.periodTo())
                        : a.indicator().compareTo(b.indicator()))
                .toList();
    }

    private static void ratio(BigDecimal v, String code) {
        if (v == null || v.scale() > 4 || v.abs().compareTo(MAX_RATIO) > 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, code);
        }
        if (code.equals("INVALID_INDICATOR_LIMIT") && v.signum() < 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, code);
        }
    }

    private record Header(long id, String regionCode, String institutionCode, int version, LocalDate validFrom,
            LocalDate termEnd) {
    }

    private static Header header(ResultSet rs, int row) throws SQLException {
        return new Header(rs.getLong("id"), rs.getString("region_code"), rs.getString("institution_code"),
                rs.getInt("version"), rs.getObject("valid_from", LocalDate.class), rs.getObject("term_end", LocalDate.class));
    }

    private Agreement load(Header h, LocalDate validTo) {
        Map<MaternityCategory, CategoryTerms> terms = new EnumMap<>(MaternityCategory.class);
        jdbc.sql("select category, method, quota from agreement_term where agreement_id = ?").param(h.id())
                .query((rs, n) -> new CategoryTerms(MaternityCategory.valueOf(rs.getString("category")),
                        MedicalPaymentMethod.valueOf(rs.getString("method")), rs.getBigDecimal("quota")))
                .list().forEach(t -> terms.put(t.category(), t));
        List<String> clauses = jdbc.sql("select text from agreement_clause where agreement_id = ? order by position")
                .param(h.id()).query(String.class).list();
        Map<String, BigDecimal> limits = new LinkedHashMap<>();
        Map<String, BigDecimal> stored = new LinkedHashMap<>();
        jdbc.sql("select indicator, limit_value from agreement_indicator where agreement_id = ?").param(h.id())
                .query((rs, n) -> Map.entry(rs.getString("indicator"), rs.getBigDecimal("limit_value"))).list()
                .forEach(e -> stored.put(e.getKey(), e.getValue()));
        for (Indicator i : Indicator.values()) {
            if (stored.containsKey(i.name())) {
                limits.put(i.name(), stored.remove(i.name()));
            }
        }
        limits.putAll(stored);
        return new Agreement(h.id(), h.institutionCode(), h.regionCode(), h.version(), h.validFrom(), validTo,
                Collections.unmodifiableMap(terms), List.copyOf(clauses), Collections.unmodifiableMap(limits));
    }
}
