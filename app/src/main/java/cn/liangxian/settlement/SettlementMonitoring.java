package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import tools.jackson.core.type.TypeReference;

/**
 * 智能监控: rules checked on settlements and on institutions' monthly indicators, each raising an alert with its
 * evidence for clerks, who close it with a note.
 * <ul>
 * <li>{@link Rule#REPEAT_DELIVERY}: a delivery settled for a woman with another live delivery settled earlier, or a
 * delivery of hers reimbursed in cash (零星报销, approved or paid), whose service date lies at most {@value #WINDOW}
 * days away (her insured region's parameter on the service date);</li>
 * <li>{@link Rule#COST_OVER_STANDARD}: a settlement whose policy-scope cost exceeds {@value #MULTIPLE} times the
 * standard of her insured region for the category (cap, quota, per-head or per-unit amount; a category paid at
 * actual cost without a cap has none and is not judged);</li>
 * <li>{@link Rule#CAESAREAN_RATE_OVER}: an institution whose caesarean rate of a month, measured from its
 * settlements, exceeds the ceiling of its agreement, once the month has at least {@value #MIN_DELIVERIES}
 * deliveries (the institution's region's parameter at the month's end).</li>
 * </ul>
 * The first two run inside the settlement's transaction with at most one statement (an insert-select, and none
 * at all for a settlement that is neither a delivery nor over the multiple), or as a batch over the settlements of
 * a period; the third runs with the monthly clearing and in the batch. An alert is raised once per rule and
 * settlement (and other settlement), and once per institution and month.
 */
@Service
class SettlementMonitoring {

    static final String WINDOW = "monitoring.repeat_delivery.window_days";
    static final String MULTIPLE = "monitoring.cost_over_standard.multiple";
    static final String MIN_DELIVERIES = "monitoring.caesarean_rate.min_deliveries";
    static final String CAESAREAN_LIMIT = "institution.indicator.caesarean_rate.limit";

    /** The monitoring rules. */
    enum Rule implements Bilingual {
        REPEAT_DELIVERY("疑似重复分娩结算", "Repeat delivery"),
        COST_OVER_STANDARD("费用超过支付标准倍数", "Cost far over the standard"),
        CAESAREAN_RATE_OVER("剖宫产率超过协议上限", "Caesarean rate over the agreement's ceiling");

        private final String zh;
        private final String en;

        Rule(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }
    }

    /** What the per-settlement rules need of a settlement. */
    record Checked(long id, String setlId, String treatingRegion, String insuredRegion, String institutionCode,
            long personId, MaternityCategory category, LocalDate serviceDate, BigDecimal inscp, BigDecimal standard) {
    }

    /** An alert as clerks see it (the person masked), with its finding in both languages. */
    record Alert(long id, String rule, String ruleZh, String ruleEn, String regionCode, String insuredRegion,
            String institutionCode, String setlId, String settlementStatus, String relatedSetlId,
            String relatedStatus, String personName, String personId, String period, BigDecimal measured,
            BigDecimal threshold, String parameter, Map<String, Object> evidence, String findingZh,
            String findingEn, String detectedBy, LocalDateTime createdAt, String closedBy, LocalDateTime closedAt,
            String closeNote) {
    }

    /** Filters of the clerks' list. */
    record Filter(String regionCode, String institution, String rule, boolean open) {
    }

    /** What a batch run found: alerts raised per rule (repeats of alerts on record are not counted). */
    record ScanResult(String regionCode, LocalDate from, LocalDate to, int settlementsChecked, int monthsChecked,
            Map<String, Integer> raised) {
    }

    private final JdbcClient jdbc;
    private final PolicyBook policy;
    private final SettlementIndicators indicators;
    private final Contracts contracts;
    private final PersonDirectory persons;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final MessageSource messages;

    SettlementMonitoring(JdbcClient jdbc, PolicyBook policy, SettlementIndicators indicators, Contracts contracts,
            PersonDirectory persons, AccessPolicy access, AuditTrail audit, MessageSource messages) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.indicators = indicators;
        this.contracts = contracts;
        this.persons = persons;
        this.access = access;
        this.audit = audit;
        this.messages = messages;
    }

    // ---------------------------------------------------------------- per settlement

    /**
     * Checks the settlement just written (in its transaction) against the per-settlement rules: at most one
     * statement. Answers how many alerts were raised.
     */
    List<String> check(Checked s, String detectedBy) {
        boolean delivery = s.category().isDelivery();
        var view = policy.at(s.insuredRegion(), s.serviceDate());
        ResolvedParam multiple = view.get(MULTIPLE);
        boolean judged = s.standard() != null && s.standard().signum() > 0;
        boolean over = judged && s.inscp().compareTo(s.standard().multiply(multiple.decimal())) > 0;
        if (!delivery && !over) {
            return List.of();
        }
        ResolvedParam window = view.get(WINDOW);
        return jdbc.sql("""
                with found (rule, related_setl_id, measured, threshold, parameter, evidence) as (
                    select 'REPEAT_DELIVERY', o.setl_id, abs(o.service_date - :date::date)::numeric, :window::numeric,
                           :wkey::text,
                           jsonb_build_object('serviceDate', :date::date, 'category', :category::text,
                               'otherSetlId', o.setl_id, 'otherServiceDate', o.service_date,
                               'otherCategory', o.category, 'otherInstitution', o.institution_code,
                               'days', abs(o.service_date - :date::date), 'windowDays', :window::int,
                               'ref', :wref::text)
                      from settlement o
                     where :delivery::boolean and o.person_id = :person and o.id < :id and o.status = 'SETTLED'
                       and o.category in ('NORMAL_DELIVERY', 'DIFFICULT_DELIVERY', 'CAESAREAN_DELIVERY')
                       and o.service_date between :date::date - :window::int and :date::date + :window::int
                    union all
                    select 'REPEAT_DELIVERY', c.number, abs(c.service_date - :date::date)::numeric, :window::numeric,
                           :wkey::text,
                           jsonb_build_object('serviceDate', :date::date, 'category', :category::text,
                               'otherKind', 'REIMBURSEMENT', 'otherSetlId', c.number,
                               'otherServiceDate', c.service_date, 'otherCategory', c.category,
                               'otherInstitution', c.institution_name,
                               'days', abs(c.service_date - :date::date), 'windowDays', :window::int,
                               'ref', :wref::text)
                      from (select r.*, r.region_code || '-R' || lpad(r.id::text, greatest(6, length(r.id::text)), '0')
                                   as number from reimbursement r) c -- the claim's number, as Reimbursements.number
                     where :delivery::boolean and c.person_id = :person
                       and c.status in ('APPROVED', 'IN_BATCH', 'PAYMENT_FAILED', 'PAID')
                       and c.category in ('NORMAL_DELIVERY', 'DIFFICULT_DELIVERY', 'CAESAREAN_DELIVERY')
                       and c.service_date between :date::date - :window::int and :date::date + :window::int
                    union all
                    select 'COST_OVER_STANDARD', null, :ratio::numeric, :multiple::numeric, :mkey::text,
                           jsonb_build_object('serviceDate', :date::date, 'category', :category::text,
                               'inscp', :inscp::numeric, 'standard', :standard::numeric,
                               'multiple', :multiple::numeric, 'limit', :limit::numeric, 'ref', :mref::text)
                     where :over::boolean)
                insert into monitoring_alert (region_code, insured_region, institution_code, rule, settlement_id, setl_id,
                    related_setl_id, person_id, measured, threshold, parameter, evidence, detected_by)
                select :region, :insured, :institution, rule, :id, :setlId, related_setl_id, :person, measured,
                       threshold, parameter, evidence, :by from found
                on conflict do nothing
                returning rule""")
                .param("date", s.serviceDate()).param("window", window.integer()).param("wkey", WINDOW)
                .param("wref", window.reference()).param("category", s.category().name())
                .param("delivery", delivery).param("person", s.personId()).param("id", s.id())
                .param("ratio", judged ? s.inscp().divide(s.standard(), 4, RoundingMode.HALF_UP) : null)
                .param("multiple", multiple.decimal()).param("mkey", MULTIPLE)
                .param("inscp", s.inscp()).param("standard", s.standard())
                .param("limit", judged ? s.standard().multiply(multiple.decimal()) : null)
                .param("mref", multiple.reference()).param("over", over).param("region", s.treatingRegion())
                .param("insured", s.insuredRegion()).param("institution", s.institutionCode())
                .param("setlId", s.setlId()).param("by", detectedBy)
                .query(String.class).list();
    }

    // ---------------------------------------------------------------- per institution and month

    /**
     * Measures the institution's month from its settlements (recording the indicators) and raises an alert when
     * the caesarean rate is over the agreement's ceiling with enough deliveries. Answers the alerts raised (0 or 1).
     */
    @Transactional
    int checkMonth(String institution, YearMonth month, String detectedBy) {
        SettlementIndicators.Result r = indicators.measureMonth(institution, month);
        return caesareanRate(institution, month, r, detectedBy);
    }

    /** The caesarean-rate rule on a month already measured. */
    int caesareanRate(String institution, YearMonth month, SettlementIndicators.Result r, String detectedBy) {
        Optional<Contracts.Measured> rate = r.indicator(SettlementIndicators.CAESAREAN_RATE);
        if (rate.isEmpty() || rate.get().withinLimit() == null || rate.get().withinLimit()) {
            return 0;
        }
        Contracts.Institution inst = contracts.institution(institution).orElseThrow();
        ResolvedParam min = policy.at(inst.regionCode(), month.atEndOfMonth()).get(MIN_DELIVERIES);
        if (r.figures().deliveries() < min.integer()) {
            return 0;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("period", month.toString());
        evidence.put("deliveries", r.figures().deliveries());
        evidence.put("caesareans", r.figures().caesareans());
        evidence.put("rate", rate.get().value());
        evidence.put("limit", rate.get().limit());
        evidence.put("minDeliveries", min.integer());
        evidence.put("ref", min.reference());
        return jdbc.sql("""
                insert into monitoring_alert (region_code, institution_code, rule, period, measured, threshold,
                    parameter, evidence, detected_by)
                values (:region, :institution, 'CAESAREAN_RATE_OVER', :period, :rate, :limit, :param, :evidence::jsonb, :by)
                on conflict do nothing""")
                .param("region", inst.regionCode()).param("institution", institution)
                .param("period", InstitutionClearings.code(month)).param("rate", rate.get().value())
                .param("limit", rate.get().limit()).param("param", CAESAREAN_LIMIT)
                .param("evidence", NhsaGateway.JSON.writeValueAsString(evidence)).param("by", detectedBy)
                .update();
    }

    // ---------------------------------------------------------------- batch

    /**
     * A clerk runs the rules over a period of her region: every live settlement at the region's institutions
     * settled from {@code from} to {@code to} (inclusive), and every month of the period for each institution.
     * Alerts on record are not raised again.
     */
    @Transactional
    ScanResult scan(LiangxianUser by, String region, LocalDate from, LocalDate to, LocalDate today) {
        access.requireRole(by, SettlementViews.REVIEWERS);
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        if (from == null || to == null || to.isBefore(from) || from.plusYears(1).isBefore(to) || from.isAfter(today)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MONITORING_INVALID_RANGE");
        }
        List<String> codes = contracts.institutionsOf(region);
        String array = "{" + String.join(",", codes) + "}";
        List<Checked> candidates = jdbc.sql("""
                select id, setl_id, treating_region, region_code, institution_code, person_id, category, service_date,
                       inscp_scp_amt, benefit_standard
                  from settlement where institution_code = any(:codes::text[]) and treating_region = :region
                   and status = 'SETTLED' and setl_time >= :from and setl_time < :to order by id""")
                .param("codes", array).param("region", region).param("from", from.atStartOfDay())
                .param("to", to.plusDays(1).atStartOfDay())
                .query((rs, i) -> new Checked(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), MaternityCategory.valueOf(rs.getString(7)),
                        rs.getObject(8, LocalDate.class), rs.getBigDecimal(9), rs.getBigDecimal(10)))
                .list();
        Map<Rule, Integer> raised = new EnumMap<>(Rule.class);
        for (Rule r : Rule.values()) {
            raised.put(r, 0);
        }
        long before = openCount(region);
        int months = 0;
        for (Checked c : candidates) {
            for (String rule : check(c, "BATCH")) {
                raised.merge(Rule.valueOf(rule), 1, Integer::sum);
            }
        }
        YearMonth last = YearMonth.from(to.isAfter(today) ? today : to);
        for (String code : codes) {
            for (YearMonth m = YearMonth.from(from); !m.isAfter(last); m = m.plusMonths(1)) {
                raised.merge(Rule.CAESAREAN_RATE_OVER, checkMonth(code, m, "BATCH"), Integer::sum);
                months++;
            }
        }
        Map<String, Integer> byName = new LinkedHashMap<>();
        raised.forEach((k, v) -> byName.put(k.name(), v));
        audit.record(region, "MONITORING_SCAN", "region", region, null, from + ".." + to + " settlements "
                + candidates.size() + " raised " + byName + " (open before " + before + ")");
        return new ScanResult(region, from, to, candidates.size(), months, byName);
    }

    private long openCount(String region) {
        return jdbc.sql("select count(*) from monitoring_alert where region_code = ? and closed_at is null")
                .param(region).query(Long.class).single();
    }

    // ---------------------------------------------------------------- clerks

    /** The alerts of a region (at its institutions or on its insured people), newest first, at most 500. */
    List<Alert> alerts(LiangxianUser viewer, Filter f) {
        access.requireRole(viewer, SettlementViews.REVIEWERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(f.regionCode()));
        String rule = blank(f.rule());
        if (rule != null && java.util.Arrays.stream(Rule.values()).noneMatch(r -> r.name().equals(rule))) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MONITORING_UNKNOWN_RULE", rule);
        }
        String inst = blank(f.institution());
        return read("""
                where (a.region_code = :region or a.insured_region = :region) and (a.closed_at is null) = :open
                  and (cast(:rule as text) is null or a.rule = :rule)
                  and (cast(:inst as text) is null or a.institution_code = :inst)
                order by a.id desc limit 500""", Map.of("region", f.regionCode(), "open", f.open()),
                rule, inst == null ? null : inst.toUpperCase(Locale.ROOT));
    }

    /** One alert, if the viewer may see it (agency staff of its region or of the woman's); else 404. */
    Alert alert(LiangxianUser viewer, long id) {
        access.requireRole(viewer, SettlementViews.REVIEWERS);
        Alert a = read("where a.id = :id", Map.of("id", id), null, null).stream().findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        if (!access.canSee(viewer, AccessPolicy.Owner.region(a.regionCode()))
                && (a.insuredRegion() == null || !access.canSee(viewer, AccessPolicy.Owner.region(a.insuredRegion())))) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        return a;
    }

    /** A clerk closes an open alert with what she found. */
    @Transactional
    Alert close(LiangxianUser viewer, long id, String note) {
        Alert a = alert(viewer, id);
        String text = note == null ? "" : note.strip();
        if (text.length() < 2 || text.length() > 500) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "SETTLEMENT_REASON_REQUIRED");
        }
        int n = jdbc.sql("""
                update monitoring_alert set closed_by = ?, closed_at = now(), close_note = ?
                 where id = ? and closed_at is null""").params(viewer.getUsername(), text, id).update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "MONITORING_ALERT_CLOSED");
        }
        audit.record(a.regionCode(), "MONITORING_ALERT_CLOSED", "monitoring_alert", String.valueOf(id), null,
                a.rule() + " " + text);
        return alert(viewer, id);
    }

    // ---------------------------------------------------------------- reading

    private List<Alert> read(String where, Map<String, Object> params, String rule, String inst) {
        record Raw(long id, String rule, String region, String insured, String institution, String setlId,
                String status, String related, String relatedStatus, Long personId, String period, BigDecimal measured,
                BigDecimal threshold, String parameter, String evidence, String by, LocalDateTime created,
                String closedBy, LocalDateTime closedAt, String note) {
        }
        var spec = jdbc.sql("""
                select a.*, s.status as settlement_status, o.status as related_status from monitoring_alert a
                  left join settlement s on s.id = a.settlement_id
                  left join settlement o on o.setl_id = a.related_setl_id
                """ + where);
        for (Map.Entry<String, Object> e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        if (where.contains(":rule")) {
            spec = spec.param("rule", rule).param("inst", inst);
        }
        List<Raw> raw = spec.query((rs, i) -> new Raw(rs.getLong("id"), rs.getString("rule"), rs.getString("region_code"),
                rs.getString("insured_region"), rs.getString("institution_code"), rs.getString("setl_id"),
                rs.getString("settlement_status"), rs.getString("related_setl_id"), rs.getString("related_status"),
                (Long) rs.getObject("person_id"), rs.getString("period"), rs.getBigDecimal("measured"),
                rs.getBigDecimal("threshold"), rs.getString("parameter"), rs.getString("evidence"),
                rs.getString("detected_by"), local(rs.getObject("created_at", java.time.OffsetDateTime.class)),
                rs.getString("closed_by"), local(rs.getObject("closed_at", java.time.OffsetDateTime.class)),
                rs.getString("close_note"))).list();
        Map<Long, PersonDirectory.MaskedPerson> people = persons
                .loadAll(new LinkedHashSet<>(raw.stream().map(Raw::personId).filter(p -> p != null).toList())).stream()
                .map(PersonDirectory::masked)
                .collect(Collectors.toMap(PersonDirectory.MaskedPerson::id, Function.identity()));
        List<Alert> out = new ArrayList<>();
        for (Raw r : raw) {
            Rule rule0 = Rule.valueOf(r.rule());
            Map<String, Object> evidence = NhsaGateway.JSON.readValue(r.evidence(), new TypeReference<Map<String, Object>>() {
            });
            PersonDirectory.MaskedPerson p = r.personId() == null ? null : people.get(r.personId());
            out.add(new Alert(r.id(), r.rule(), rule0.zh(), rule0.en(), r.region(), r.insured(), r.institution(),
                    r.setlId(), r.status(), r.related(), r.relatedStatus(), p == null ? null : p.name(),
                    p == null ? null : p.idNumber(), r.period(), r.measured(), r.threshold(), r.parameter(), evidence,
                    finding(rule0, r.measured(), r.threshold(), evidence, Locale.SIMPLIFIED_CHINESE),
                    finding(rule0, r.measured(), r.threshold(), evidence, Locale.ENGLISH), r.by(), r.created(),
                    r.closedBy(), r.closedAt(), r.note()));
        }
        return out;
    }

    /** The finding in words, from the evidence. */
    private String finding(Rule rule, BigDecimal measured, BigDecimal threshold, Map<String, Object> e, Locale locale) {
        Object[] args = switch (rule) {
            case REPEAT_DELIVERY -> new Object[] { plain(measured), plain(threshold), e.get("otherSetlId"),
                    e.get("otherServiceDate"), e.get("otherInstitution"), e.get("serviceDate") };
            case COST_OVER_STANDARD -> new Object[] { money(e.get("inscp")), money(e.get("standard")),
                    plain(measured), plain(threshold), category(e.get("category"), locale) };
            case CAESAREAN_RATE_OVER -> new Object[] { e.get("period"), e.get("caesareans"), e.get("deliveries"),
                    pct(measured), pct(threshold) };
        };
        String key = "REIMBURSEMENT".equals(e.get("otherKind")) ? rule.name() + ".REIMBURSEMENT" : rule.name();
        return messages.getMessage("mon.finding." + key, args, rule.name(), locale);
    }

    private static String category(Object name, Locale locale) {
        try {
            MaternityCategory c = MaternityCategory.valueOf(String.valueOf(name));
            return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? c.en() : c.zh();
        } catch (IllegalArgumentException ex) {
            return String.valueOf(name);
        }
    }

    private static String plain(BigDecimal v) {
        return v == null ? "—" : v.stripTrailingZeros().toPlainString();
    }

    private static String money(Object v) {
        return v == null ? "—" : new BigDecimal(String.valueOf(v)).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A ratio as a percentage: 0.3750 → 37.5%. */
    static String pct(BigDecimal v) {
        return v == null ? "—" : v.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static LocalDateTime local(java.time.OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(NhsaGateway.ZONE).toLocalDateTime();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
