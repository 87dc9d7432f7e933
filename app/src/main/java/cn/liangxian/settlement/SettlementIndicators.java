package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * The agreement indicators of an institution measured from its live settlements (reversed ones count nowhere),
 * for a month or a year, recorded as computed values so the institution page's chart and its within / over
 * comparison show them:
 * <ul>
 * <li>剖宫产率 caesarean rate = caesarean deliveries ÷ all deliveries (normal, difficult, caesarean) whose service
 * date (the delivery date) falls in the period;</li>
 * <li>生育医疗费用增长率 maternity cost growth rate = average medical cost (medfee_sumamt, 医疗费总额) per delivery
 * settlement in the period ÷ the same average in the same period a year earlier − 1.</li>
 * </ul>
 * Both are ratios to four decimals, rounded half up once at the end. A period without deliveries (or without a
 * year-earlier average) gives no value for that indicator.
 */
@Service
class SettlementIndicators {

    static final Set<Role> MEASURERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER);
    static final String CAESAREAN_RATE = "CAESAREAN_RATE";
    static final String GROWTH_RATE = "MATERNITY_COST_GROWTH_RATE";
    static final String SOURCE = "结算数据 / settlements";
    /** Ratios the indicator store accepts (|value| up to ten times the whole). */
    private static final BigDecimal MAX_RATIO = BigDecimal.TEN;

    /** A month ("2025-06") or a year ("2025"), with the same period a year earlier. */
    record Period(String text, LocalDate from, LocalDate to, LocalDate priorFrom, LocalDate priorTo, boolean month) {

        static Period of(YearMonth m) {
            return new Period(m.toString(), m.atDay(1), m.atEndOfMonth(), m.minusYears(1).atDay(1),
                    m.minusYears(1).atEndOfMonth(), true);
        }

        static Period of(Year y) {
            return new Period(y.toString(), y.atDay(1), y.atMonth(12).atEndOfMonth(), y.minusYears(1).atDay(1),
                    y.minusYears(1).atMonth(12).atEndOfMonth(), false);
        }

        /** "2025" or "2025-06"; anything else is refused. */
        static Period parse(String s) {
            String t = s == null ? "" : s.strip();
            try {
                if (t.matches("\\d{4}")) {
                    return of(Year.parse(t));
                }
                if (t.matches("\\d{4}-\\d{2}")) {
                    return of(YearMonth.parse(t));
                }
            } catch (DateTimeParseException e) {
                // refused below
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "INDICATOR_INVALID_PERIOD", t);
        }
    }

    /** What the settlements of the period (and of the same period a year earlier) show. */
    record Figures(String institutionCode, Period period, int deliveries, int caesareans, BigDecimal costTotal,
            int priorDeliveries, BigDecimal priorCostTotal) {

        /** Caesareans ÷ deliveries, or null without deliveries. */
        BigDecimal caesareanRate() {
            return deliveries == 0 ? null
                    : BigDecimal.valueOf(caesareans).divide(BigDecimal.valueOf(deliveries), 4, RoundingMode.HALF_UP);
        }

        BigDecimal averageCost() {
            return deliveries == 0 ? null : costTotal.divide(BigDecimal.valueOf(deliveries), 2, RoundingMode.HALF_UP);
        }

        BigDecimal priorAverageCost() {
            return priorDeliveries == 0 ? null
                    : priorCostTotal.divide(BigDecimal.valueOf(priorDeliveries), 2, RoundingMode.HALF_UP);
        }

        /**
         * (total ÷ n) ÷ (prior total ÷ prior n) − 1, computed exactly as (total × prior n − prior total × n) ÷
         * (prior total × n) and rounded once; null without deliveries in either period or with a zero prior cost.
         */
        BigDecimal growthRate() {
            if (deliveries == 0 || priorDeliveries == 0 || priorCostTotal.signum() == 0) {
                return null;
            }
            BigDecimal n = BigDecimal.valueOf(deliveries);
            BigDecimal pn = BigDecimal.valueOf(priorDeliveries);
            return costTotal.multiply(pn).subtract(priorCostTotal.multiply(n))
                    .divide(priorCostTotal.multiply(n), 4, RoundingMode.HALF_UP);
        }
    }

    /** The figures and what was recorded of them (an indicator without a value is not recorded). */
    record Result(Figures figures, List<Contracts.Measured> recorded) {

        java.util.Optional<Contracts.Measured> indicator(String name) {
            return recorded.stream().filter(m -> m.indicator().equals(name)).findFirst();
        }
    }

    private final JdbcClient jdbc;
    private final Contracts contracts;
    private final AccessPolicy access;
    private final AuditTrail audit;

    SettlementIndicators(JdbcClient jdbc, Contracts contracts, AccessPolicy access, AuditTrail audit) {
        this.jdbc = jdbc;
        this.contracts = contracts;
        this.access = access;
        this.audit = audit;
    }

    /** A clerk of the institution's region measures a month or a year ("2025-06" or "2025") from settlements. */
    @Transactional
    public Result measure(LiangxianUser by, String institution, String period, LocalDate today) {
        access.requireRole(by, MEASURERS);
        Contracts.Institution inst = contracts.institution(institution)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(by, AccessPolicy.Owner.region(inst.regionCode()));
        Period p = Period.parse(period);
        if (p.from().isAfter(today)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INDICATOR_INVALID_PERIOD", p.text());
        }
        Result r = record(inst.code(), p);
        audit.record(inst.regionCode(), "INDICATORS_COMPUTED", "institution", inst.code(), null, p.text() + " "
                + r.recorded().stream().map(m -> m.indicator() + "=" + m.value().toPlainString()).toList());
        return r;
    }

    /** The system measures a month (the monthly clearing, the monitoring batch). */
    @Transactional
    public Result measureMonth(String institution, YearMonth month) {
        return record(institution, Period.of(month));
    }

    /** The figures of the institution's live delivery settlements in the period and a year earlier: one query. */
    Figures figures(String institution, Period p) {
        return jdbc.sql("""
                select count(*) filter (where service_date between :from and :to),
                       count(*) filter (where service_date between :from and :to and category = 'CAESAREAN_DELIVERY'),
                       coalesce(sum(medfee_sumamt) filter (where service_date between :from and :to), 0),
                       count(*) filter (where service_date between :pfrom and :pto),
                       coalesce(sum(medfee_sumamt) filter (where service_date between :pfrom and :pto), 0)
                  from settlement
                 where institution_code = :code and status = 'SETTLED'
                   and category in ('NORMAL_DELIVERY', 'DIFFICULT_DELIVERY', 'CAESAREAN_DELIVERY')
                   and (service_date between :from and :to or service_date between :pfrom and :pto)""")
                .param("code", institution).param("from", p.from()).param("to", p.to())
                .param("pfrom", p.priorFrom()).param("pto", p.priorTo())
                .query((rs, i) -> new Figures(institution, p, rs.getInt(1), rs.getInt(2), rs.getBigDecimal(3),
                        rs.getInt(4), rs.getBigDecimal(5)))
                .single();
    }

    private Result record(String institution, Period p) {
        Figures f = figures(institution, p);
        List<Contracts.Measured> recorded = new ArrayList<>();
        BigDecimal rate = f.caesareanRate();
        if (rate != null) {
            recorded.add(contracts.recordIndicator(institution, CAESAREAN_RATE, p.from(), p.to(), rate, SOURCE));
        }
        BigDecimal growth = f.growthRate();
        // a growth beyond ten times the whole is not a rate the agreement store takes: left unrecorded
        if (growth != null && growth.abs().compareTo(MAX_RATIO) <= 0) {
            recorded.add(contracts.recordIndicator(institution, GROWTH_RATE, p.from(), p.to(), growth, SOURCE));
        }
        return new Result(f, List.copyOf(recorded));
    }
}
