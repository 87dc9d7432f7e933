package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/**
 * The contribution rules of one region for one period, resolved once: the average wage the base is clamped
 * against, the floor and ceiling, the rates in force (merged or not), rounding, the due date. {@link #assess}
 * computes one person-month from them with no look-up (a monthly assessment of a whole region runs it for every
 * insured person); {@link #explain} computes the same figures with every step a clerk needs to redo them by hand.
 * Both run the same arithmetic, so a stored figure and its explanation cannot disagree.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ContributionSchedule {

    static final String RULE = ContributionEstimator.RULE;

    /** Where a wage stood against the band. */
    public enum Clamp {
        /** Below the floor: the floor is the base. */
        BELOW_FLOOR("L"),
        /** Between floor and ceiling (both inclusive): the wage is the base. */
        WITHIN("W"),
        /** Above the ceiling: the ceiling is the base. */
        ABOVE_CEILING("H");

        private final String code;

        Clamp(String code) {
            this.code = code;
        }

        /** One letter, as stored. */
        public String code() {
            return code;
        }

        public static Clamp ofCode(String code) {
            for (Clamp c : values()) {
                if (c.code.equals(code)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("clamp code " + code);
        }
    }

    /** What the employer part's band applies to ({@code contribution.base.clamp_unit}). */
    public enum ClampUnit {
        PERSON, EMPLOYER_AVERAGE
    }

    /** How a person without a declared wage is assessed ({@code contribution.base.undeclared}). */
    public enum Undeclared {
        AVERAGE, FLOOR
    }

    /**
     * One person-month. {@code base} is the person's own base (the employee part, or a flexible worker's whole
     * contribution); {@code employerBase} the base of the employer part (the same, unless the region clamps the
     * employer's average wage). {@code wage} is the wage the base came from (the declared wage, or what the
     * region's rule puts in place of a missing declaration).
     */
    public record PersonMonth(BigDecimal wage, boolean declared, BigDecimal base, Clamp clamp, BigDecimal employerBase,
            Clamp employerClamp, BigDecimal employerRate, BigDecimal employeeRate, BigDecimal employerAmount,
            BigDecimal employeeAmount) {

        public BigDecimal total() {
            return employerAmount.add(employeeAmount);
        }
    }

    private final PolicyView view;
    private final YearMonth period;
    private final BigDecimal avg;
    private final ResolvedParam avgParam;
    private final String avgNote;
    private final ResolvedParam floorRatio;
    private final ResolvedParam ceilingRatio;
    private final ResolvedParam scale;
    private final ResolvedParam mode;
    private final BigDecimal floor;
    private final BigDecimal ceiling;
    private final ResolvedParam clampUnitParam;
    private final ClampUnit clampUnit;
    private final ResolvedParam undeclaredParam;
    private final Undeclared undeclared;
    private final ResolvedParam merger;
    private final boolean merged;
    private final ResolvedParam medical;
    private final ResolvedParam maternity;
    private final ResolvedParam override;
    private final ResolvedParam employee;
    private final ResolvedParam flexible;
    private final int amountScale;
    private final RoundingMode amountMode;
    private final BigDecimal employerRate;
    private final ResolvedParam dueMonths;
    private final ResolvedParam dueDay;

    private ContributionSchedule(PolicyView view, YearMonth period, BigDecimal avgGiven, String avgNote) {
        this.view = view;
        this.period = period;
        if (avgGiven != null) {
            BigDecimal a = Amounts.money("社会平均工资", "regional average wage", avgGiven, "INVALID_WAGE");
            if (a.signum() == 0) {
                throw new PolicyException("INVALID_WAGE", "社平工资应大于零", "The regional average wage must be greater than zero");
            }
            this.avg = a;
            this.avgParam = null;
            this.avgNote = avgNote == null ? "上年度社会平均工资（输入） / regional average wage (input)" : avgNote;
        } else {
            this.avgParam = view.find("contribution.regional_avg_monthly_wage").orElseThrow(() -> new PolicyException(
                    "MISSING_REGIONAL_AVG_WAGE", view.region().nameZh() + "未收录 " + view.date() + " 适用的社会平均工资，请输入",
                    view.region().nameEn() + " has no regional average wage for " + view.date() + "; please give one"));
            this.avg = avgParam.decimal().setScale(2, RoundingMode.HALF_UP);
            this.avgNote = null;
        }
        this.floorRatio = view.get("contribution.base.floor_ratio");
        this.ceilingRatio = view.get("contribution.base.ceiling_ratio");
        this.scale = view.get("contribution.base.rounding_scale");
        this.mode = view.get("contribution.base.rounding_mode");
        RoundingMode rm = RoundingMode.valueOf(mode.text());
        this.floor = avg.multiply(floorRatio.decimal()).setScale(scale.integer(), rm).setScale(2);
        this.ceiling = avg.multiply(ceilingRatio.decimal()).setScale(scale.integer(), rm).setScale(2);
        this.clampUnitParam = view.get("contribution.base.clamp_unit");
        this.clampUnit = ClampUnit.valueOf(clampUnitParam.text());
        this.undeclaredParam = view.get("contribution.base.undeclared");
        this.undeclared = Undeclared.valueOf(undeclaredParam.text());
        this.merger = view.get("merger.date");
        this.merged = !period.atDay(1).isBefore(merger.date());
        this.medical = view.get("contribution.employer_rate.medical");
        this.maternity = view.get("contribution.employer_rate.maternity");
        Optional<ResolvedParam> o = view.find("contribution.employer_rate.merged");
        this.override = merged ? o.orElse(null) : null;
        this.employee = view.get("contribution.employee_rate");
        this.flexible = view.get("contribution.flexible_rate");
        this.amountScale = view.get("rounding.amount.scale").integer();
        this.amountMode = RoundingMode.valueOf(view.get("rounding.amount.mode").text());
        this.employerRate = override != null ? override.decimal() : medical.decimal().add(maternity.decimal());
        this.dueMonths = view.get("contribution.due.months_after_period");
        this.dueDay = view.get("contribution.due.day_of_month");
    }

    /**
     * The rules of {@code region} for {@code period}. {@code regionalAvgMonthlyWage} is the average wage the
     * band is taken from; null means the region's dated parameter. {@code avgNote} says where a given average
     * came from (shown in every explanation); null reads "input".
     */
    public static ContributionSchedule resolve(PolicyBook book, String region, YearMonth period,
            BigDecimal regionalAvgMonthlyWage, String avgNote) {
        if (period == null) {
            throw new PolicyException("INVALID_PERIOD", "缺少费款所属期", "A contribution period is required");
        }
        return new ContributionSchedule(book.at(region, period.atDay(1)), period, regionalAvgMonthlyWage, avgNote);
    }

    public String regionCode() {
        return view.region().code();
    }

    public YearMonth period() {
        return period;
    }

    public PolicyView view() {
        return view;
    }

    public BigDecimal regionalAvgMonthlyWage() {
        return avg;
    }

    public BigDecimal floor() {
        return floor;
    }

    public BigDecimal ceiling() {
        return ceiling;
    }

    public boolean merged() {
        return merged;
    }

    public ClampUnit clampUnit() {
        return clampUnit;
    }

    /** The employer rate in force: the region's merged rate, or the sum of the old 310 and 510 employer rates. */
    public BigDecimal employerRate() {
        return employerRate;
    }

    public BigDecimal employeeRate() {
        return employee.decimal();
    }

    public BigDecimal flexibleRate() {
        return flexible.decimal();
    }

    /** The last day the period's contributions may be paid without a late fee. */
    public LocalDate dueDate() {
        YearMonth m = period.plusMonths(dueMonths.integer());
        return m.atDay(Math.min(dueDay.integer(), m.lengthOfMonth()));
    }

    /** Rounds an amount by the region's rule (to the fen, half up, unless the region says otherwise). */
    public BigDecimal round(BigDecimal raw) {
        return raw.setScale(amountScale, amountMode);
    }

    /** Where a wage stands against the band. */
    public Clamp clampOf(BigDecimal wage) {
        return wage.compareTo(floor) < 0 ? Clamp.BELOW_FLOOR : wage.compareTo(ceiling) > 0 ? Clamp.ABOVE_CEILING : Clamp.WITHIN;
    }

    /** A wage clamped to the band. */
    public BigDecimal clamp(BigDecimal wage) {
        return wage.max(floor).min(ceiling);
    }

    /**
     * One person-month, no explanation.
     *
     * @param wage             the declared monthly wage (two decimals at most), or null when none was declared
     * @param employerAvgWage  the employer's average declared wage, used where the region clamps the employer's
     *                         average ({@link ClampUnit#EMPLOYER_AVERAGE}); null means the person's own wage
     * @param maternityCovered whether the person held maternity insurance (510) in the month: before the merger
     *                         the employer's 510 part is charged only for those who did
     */
    public PersonMonth assess(ContributionKind kind, BigDecimal wage, BigDecimal employerAvgWage,
            boolean maternityCovered) {
        return compute(kind, wage, employerAvgWage, maternityCovered, null);
    }

    /** The same person-month with every step. */
    public List<ExplanationStep> explain(ContributionKind kind, BigDecimal wage, BigDecimal employerAvgWage,
            boolean maternityCovered) {
        Explanation ex = new Explanation();
        compute(kind, wage, employerAvgWage, maternityCovered, ex);
        return ex.steps();
    }

    /** The parameters of the schedule itself (the same for every person of the period), for a job's record. */
    public List<ExplanationStep> parameters() {
        Explanation ex = new Explanation();
        regionStep(ex);
        avgStep(ex);
        ex.use(RULE, floorRatio);
        ex.use(RULE, ceilingRatio);
        ex.use(RULE, scale);
        ex.use(RULE, mode);
        ex.step(RULE, "band", Amounts.fmt(floor) + " – " + Amounts.fmt(ceiling), bandNote());
        ex.use(RULE, clampUnitParam);
        ex.use(RULE, undeclaredParam);
        ex.use(RULE, merger);
        if (override != null) {
            ex.use(RULE, override);
        } else {
            ex.use(RULE, medical);
            ex.use(RULE, maternity);
        }
        ex.use(RULE, employee);
        ex.use(RULE, flexible);
        ex.use(RULE, dueMonths);
        ex.use(RULE, dueDay);
        ex.step(RULE, "dueDate", dueDate().toString(), "缴费期限 / due date");
        return ex.steps();
    }

    /** Whether any parameter of the schedule is unverified. */
    public boolean usesUnverified() {
        return parameters().stream().anyMatch(s -> s.confidence() != null && s.confidence().isUnverified());
    }

    void regionStep(Explanation ex) {
        ex.step("region", "jurisdiction", view.region().code() + " " + view.region().nameZh(),
                "适用法规链 / jurisdiction chain: " + view.chainDisplay() + "；费款所属期 / period " + period);
    }

    private void avgStep(Explanation ex) {
        if (avgParam == null) {
            ex.step(RULE, "regionalAvgMonthlyWage", Amounts.fmt(avg) + " CNY", avgNote);
        } else {
            ex.use(RULE, avgParam);
        }
    }

    private String bandNote() {
        return "下限 / floor " + Amounts.fmt(avg) + " × " + floorRatio.decimal().toPlainString() + " = "
                + Amounts.fmt(floor) + "；上限 / ceiling " + Amounts.fmt(avg) + " × "
                + ceilingRatio.decimal().toPlainString() + " = " + Amounts.fmt(ceiling);
    }

    private static String why(Clamp c) {
        return switch (c) {
            case BELOW_FLOOR -> "低于下限，按下限 / below the floor: floor applies";
            case ABOVE_CEILING -> "高于上限，按上限 / above the ceiling: ceiling applies";
            case WITHIN -> "在上下限之间，按实 / within the band: wage applies";
        };
    }

    private PersonMonth compute(ContributionKind kind, BigDecimal declaredWage, BigDecimal employerAvgWage,
            boolean maternityCovered, Explanation ex) {
        if (kind == null) {
            throw new PolicyException("UNKNOWN_CONTRIBUTION_KIND", "缺少缴费人员类别", "A contribution kind is required");
        }
        if (ex != null) {
            regionStep(ex);
        }
        // the base
        BigDecimal wage;
        boolean declared = declaredWage != null;
        if (declared) {
            wage = declaredWage;
            if (ex != null) {
                ex.step(RULE, "monthlyWage", Amounts.fmt(wage) + " CNY", "申报月工资（输入） / declared monthly wage (input)");
            }
        } else {
            wage = undeclared == Undeclared.FLOOR ? floor : avg;
        }
        if (ex != null) {
            avgStep(ex);
            if (!declared) {
                ex.use(RULE, undeclaredParam, "未申报缴费工资 / no wage declared: " + (undeclared == Undeclared.FLOOR
                        ? "按基数下限 / the floor" : "按社会平均工资 / the regional average wage"));
                ex.step(RULE, "monthlyWage", Amounts.fmt(wage) + " CNY", "未申报，按规则取值 / not declared: by the rule above");
            }
            ex.use(RULE, floorRatio);
            ex.use(RULE, ceilingRatio);
            ex.use(RULE, scale);
            ex.use(RULE, mode);
        }
        Clamp clamp = clampOf(wage);
        BigDecimal base = clamp(wage);
        if (ex != null) {
            ex.step(RULE, "base", Amounts.fmt(base), bandNote() + "；" + why(clamp));
        }
        BigDecimal employerBase = base;
        Clamp employerClamp = clamp;
        if (kind == ContributionKind.EMPLOYEE && clampUnit == ClampUnit.EMPLOYER_AVERAGE) {
            if (ex != null) {
                ex.use(RULE, clampUnitParam);
            }
            if (employerAvgWage != null) {
                employerClamp = clampOf(employerAvgWage);
                employerBase = clamp(employerAvgWage);
                if (ex != null) {
                    ex.step(RULE, "employerAvgWage", Amounts.fmt(employerAvgWage) + " CNY",
                            "用人单位职工平均工资（本单位申报工资的平均数） / the employer's average declared wage");
                    ex.step(RULE, "employerBase", Amounts.fmt(employerBase), "单位缴费基数按单位平均工资核定 / the employer part's base: "
                            + Amounts.fmt(employerAvgWage) + "；" + why(employerClamp));
                }
            } else if (ex != null) {
                ex.step(RULE, "employerBase", Amounts.fmt(employerBase),
                        "未提供单位平均工资，按本人缴费基数 / no employer average given: the person's own base");
            }
        }
        // the amounts
        BigDecimal eRate;
        BigDecimal pRate;
        BigDecimal eAmount;
        BigDecimal pAmount;
        if (ex != null) {
            ex.use(RULE, merger);
        }
        if (kind == ContributionKind.FLEXIBLE) {
            eRate = BigDecimal.ZERO;
            pRate = flexible.decimal();
            eAmount = Amounts.ZERO;
            pAmount = round(base.multiply(pRate));
            if (ex != null) {
                ex.use(RULE, flexible);
                ex.step(RULE, "employeeAmount", Amounts.fmt(pAmount), "灵活就业人员个人缴纳 / flexible worker pays "
                        + Amounts.fmt(base) + " × " + pRate.toPlainString() + " = " + Amounts.fmt(pAmount));
            }
        } else {
            if (override != null) {
                eRate = override.decimal();
                eAmount = round(employerBase.multiply(eRate));
                if (ex != null) {
                    ex.use(RULE, override);
                    ex.step(RULE, "employerAmount", Amounts.fmt(eAmount), "合并后单位费率（本地核定） / merged employer rate: "
                            + Amounts.fmt(employerBase) + " × " + eRate.toPlainString() + " = " + Amounts.fmt(eAmount));
                }
            } else if (merged) {
                eRate = employerRate;
                eAmount = round(employerBase.multiply(eRate));
                if (ex != null) {
                    ex.use(RULE, medical);
                    ex.use(RULE, maternity);
                    ex.step(RULE, "employerRate", eRate.toPlainString(), "合并后单位费率 = 原职工医保单位费率 + 原生育保险单位费率 / merged = "
                            + medical.decimal().toPlainString() + " + " + maternity.decimal().toPlainString() + " = "
                            + eRate.toPlainString());
                    ex.step(RULE, "employerAmount", Amounts.fmt(eAmount),
                            Amounts.fmt(employerBase) + " × " + eRate.toPlainString() + " = " + Amounts.fmt(eAmount));
                }
            } else {
                BigDecimal part310 = round(employerBase.multiply(medical.decimal()));
                BigDecimal part510 = maternityCovered ? round(employerBase.multiply(maternity.decimal())) : Amounts.ZERO;
                eRate = maternityCovered ? employerRate : medical.decimal();
                eAmount = part310.add(part510);
                if (ex != null) {
                    ex.use(RULE, medical, "合并实施前：职工医保（310）单位缴费 / before the merger: 310 employer part");
                    ex.use(RULE, maternity, "合并实施前：生育保险（510）单位缴费，单独征缴 / before the merger: 510 collected separately");
                    String p510 = maternityCovered
                            ? Amounts.fmt(employerBase) + " × " + maternity.decimal().toPlainString() + " = " + Amounts.fmt(part510)
                            : "0.00（本人当月未参加生育保险 / not in 510 this month）";
                    ex.step(RULE, "employerAmount", Amounts.fmt(eAmount), "310: " + Amounts.fmt(employerBase) + " × "
                            + medical.decimal().toPlainString() + " = " + Amounts.fmt(part310) + "；510: " + p510
                            + "；合计 / total " + Amounts.fmt(eAmount));
                }
            }
            pRate = employee.decimal();
            pAmount = round(base.multiply(pRate));
            if (ex != null) {
                ex.use(RULE, employee, "个人只缴职工医保，不缴生育保险费 / the employee pays 310 only, no 510");
                ex.step(RULE, "employeeAmount", Amounts.fmt(pAmount),
                        Amounts.fmt(base) + " × " + pRate.toPlainString() + " = " + Amounts.fmt(pAmount));
            }
        }
        return new PersonMonth(wage, declared, base, clamp, employerBase, employerClamp, eRate, pRate, eAmount, pAmount);
    }
}
