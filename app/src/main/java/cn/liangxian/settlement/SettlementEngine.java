package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.policy.maternity.MedicalEstimate;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;
import cn.liangxian.policy.maternity.PayingFund;
import cn.liangxian.registry.Enrollments;

/**
 * Computes a settlement without writing anything: the fee lines' catalog split (全自费, 超限价, 先行自付, 政策范围内),
 * the maternity category from the hospital's maternity fields, the person's coverage on the service date, the
 * benefit from the policy engine by the rules of her insured region on that date (what she is spared), and what
 * the hospital gets by its agreement's payment method for the category: a per-disease quota whatever the actual
 * cost, actual cost up to a cap, a per-head amount once per pregnancy, a per-unit amount per prenatal unit.
 */
@Component
class SettlementEngine {

    static final String RULE = "settlement";

    /** The fee lines' totals. */
    record Fees(List<Long> lineIds, BigDecimal medfee, BigDecimal fulamt, BigDecimal overlmt, BigDecimal preselfpay,
            BigDecimal inscp) {
    }

    /** Everything a settlement answers and stores. */
    record Computed(HospitalEncounters.Encounter encounter, MaternityCategory category, InsuredKind insuredKind,
            int fetusCount, LocalDate serviceDate, Fees fees, BigDecimal fundPay, BigDecimal cashPay,
            BigDecimal payableLimit, MedicalPaymentMethod benefitMethod, BigDecimal benefitStandard,
            PayingFund payingFund, MedicalPaymentMethod hospitalMethod, BigDecimal hospitalAmount, boolean headCounted,
            List<ExplanationStep> explanation) {

        boolean crossRegion() {
            return !encounter.regionCode().equals(encounter.insuredRegion());
        }
    }

    private final JdbcClient jdbc;
    private final PolicyBook policy;
    private final MaternityEstimator estimator;
    private final Enrollments enrollments;
    private final Contracts contracts;

    SettlementEngine(JdbcClient jdbc, PolicyBook policy, Enrollments enrollments, Contracts contracts) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.estimator = new MaternityEstimator(policy);
        this.enrollments = enrollments;
        this.contracts = contracts;
    }

    /**
     * The live, unsettled fee lines of an encounter (of one charge batch for an outpatient visit, or of all its
     * batches when the batch parameter is null), as one row: the lines' ids and the totals of their catalog split.
     * {@code encounterId} is the SQL expression of the encounter's id; the two parameters are the batch, twice.
     */
    static String feeTotals(String encounterId) {
        return """
                select array_agg(id order by id) as fee_ids, coalesce(sum(amount), 0) as fee_medfee,
                       coalesce(sum(fulamt_ownpay), 0) as fee_fulamt, coalesce(sum(overlmt), 0) as fee_overlmt,
                       coalesce(sum(preselfpay), 0) as fee_preselfpay, coalesce(sum(inscp), 0) as fee_inscp
                  from fee_detail
                 where encounter_id = %s and cancelled_at is null and settlement_id is null
                   and (?::text is null or chrg_bchno = ?)""".formatted(encounterId);
    }

    /** The row of {@link #feeTotals}; refuses an encounter with no line to settle. */
    static Fees fees(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Array ids = rs.getArray("fee_ids");
        if (ids == null) {
            throw noFees();
        }
        List<Long> lineIds = java.util.Arrays.stream((Long[]) ids.getArray()).toList();
        return new Fees(lineIds, money(rs, "fee_medfee"), money(rs, "fee_fulamt"), money(rs, "fee_overlmt"),
                money(rs, "fee_preselfpay"), money(rs, "fee_inscp"));
    }

    static NhsaException noFees() {
        return new NhsaException("NO_FEES", "没有待结算的费用明细（请先上传费用）", "No fee lines to settle (upload the fees first)");
    }

    private static BigDecimal money(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        return rs.getBigDecimal(column).setScale(2);
    }

    /** The live, unsettled fee lines of the encounter (of one charge batch for an outpatient visit). */
    Fees fees(HospitalEncounters.Encounter e, String batch) {
        return jdbc.sql(feeTotals("?")).params(e.id(), batch, batch).query((rs, i) -> fees(rs)).single();
    }

    Computed compute(HospitalEncounters.Encounter e, Fees fees, BigDecimal declaredTotal) {
        if (declaredTotal.compareTo(fees.medfee()) != 0) {
            throw new NhsaException("FEE_TOTAL_MISMATCH", "医疗费总额 " + declaredTotal.toPlainString() + " 与已上传费用明细合计 "
                    + fees.medfee().toPlainString() + " 不符", "medfee_sumamt " + declaredTotal.toPlainString()
                    + " differs from the uploaded lines' total " + fees.medfee().toPlainString());
        }
        if (fees.medfee().signum() < 0) {
            throw new NhsaException("FEE_TOTAL_NEGATIVE", "费用合计为负", "The fee total is negative");
        }
        LocalDate serviceDate = serviceDate(e);
        PolicyView insured = policy.at(e.insuredRegion(), serviceDate);
        Explanation ex = new Explanation();
        MaternityCategory category = category(e, insured, ex);
        int fetuses = category.isDelivery() ? Math.max(1, e.fetusCnt() == null ? 1 : e.fetusCnt()) : 1;

        Enrollments.MaternityCoverage cov = enrollments.maternityCoverageOn(e.personId(), e.insuredRegion(),
                serviceDate);
        if (!cov.covered() || !cov.medicalCovered()) {
            String why = cov.reasons().isEmpty() ? "" : cov.reasons().get(cov.reasons().size() - 1).rule();
            throw new NhsaException("NOT_COVERED", serviceDate + " 不享受生育医疗费用待遇（" + why + "）",
                    "Not covered for maternity medical costs on " + serviceDate + " (" + why + ")");
        }
        InsuredKind kind = InsuredKind.valueOf(cov.basis());
        ex.step(RULE, "catalog", Amounts.fmt(fees.inscp()), "医疗费总额 " + Amounts.fmt(fees.medfee()) + " − 全自费 "
                + Amounts.fmt(fees.fulamt()) + " − 超限价 " + Amounts.fmt(fees.overlmt()) + " − 先行自付 "
                + Amounts.fmt(fees.preselfpay()) + " = 政策范围内 " + Amounts.fmt(fees.inscp())
                + " / in-scope cost after the catalog (丙 self-paid, 乙 self-pay share, above price caps)");
        ex.step(RULE, "coverage", cov.basis(), "参保地 " + e.insuredRegion() + "，" + kind.zh() + "，自 " + cov.since()
                + " / insured in " + e.insuredRegion() + " as " + kind.en());

        // prenatal care: the package is shared by the pregnancy's visits
        Integer units = null;
        BigDecimal used = Amounts.ZERO;
        int unitsUsed = 0;
        MedicalPaymentMethod prenatalMethod = null;
        if (category == MaternityCategory.PRENATAL_CARE) {
            prenatalMethod = MedicalPaymentMethod.valueOf(insured.get("maternity.medical.prenatal_care.method").text());
            record Used(BigDecimal amount, int count) {
            }
            Used u = jdbc.sql("""
                    select coalesce(sum(fund_pay), 0), count(*) from settlement
                     where person_id = ? and category = 'PRENATAL_CARE' and status = 'SETTLED'
                       and service_date > coalesce((select max(service_date) from settlement
                            where person_id = ? and status = 'SETTLED' and category in
                            ('NORMAL_DELIVERY', 'DIFFICULT_DELIVERY', 'CAESAREAN_DELIVERY', 'MISCARRIAGE_UNDER_4_MONTHS',
                             'MISCARRIAGE_4_MONTHS_OR_MORE')), '-infinity'::date)""")
                    .params(e.personId(), e.personId())
                    .query((rs, i) -> new Used(rs.getBigDecimal(1), rs.getInt(2))).single();
            used = u.amount().setScale(2);
            unitsUsed = u.count();
            if (prenatalMethod == MedicalPaymentMethod.PER_UNIT) {
                units = 1;
            }
        }
        MedicalEstimate est = estimator.estimateMedical(new MaternityFacts(e.insuredRegion(), serviceDate,
                category, fetuses, kind, fees.inscp(), null, units, null));
        BigDecimal fund = est.medicalBenefit();
        BigDecimal standard = est.standard();
        BigDecimal limit = standard == null ? fees.inscp() : standard;
        if (prenatalMethod == MedicalPaymentMethod.CAPPED_ACTUAL || prenatalMethod == MedicalPaymentMethod.PER_HEAD) {
            BigDecimal left = standard.subtract(used).max(Amounts.ZERO);
            limit = left;
            if (fund.compareTo(left) > 0) {
                ex.step(RULE, "prenatalPackage", Amounts.fmt(left), "本次孕期产前检查已支付 " + Amounts.fmt(used) + "，标准 "
                        + Amounts.fmt(standard) + "，本次可支付 " + Amounts.fmt(left) + " / already paid this pregnancy "
                        + Amounts.fmt(used) + " of " + Amounts.fmt(standard));
                fund = left;
            }
        } else if (prenatalMethod == MedicalPaymentMethod.PER_UNIT) {
            ResolvedParam pkg = ex.use(RULE, insured.get("maternity.medical.prenatal_care.units_in_package"));
            if (unitsUsed >= pkg.integer()) {
                ex.step(RULE, "prenatalUnits", "0", "本次孕期已结算 " + unitsUsed + " 个单元，已达 " + pkg.integer()
                        + " 个 / all " + pkg.integer() + " units of this pregnancy are used");
                fund = Amounts.ZERO;
                limit = Amounts.ZERO;
            }
        }
        BigDecimal cash = fees.medfee().subtract(fund);
        ex.step(RULE, "fundPay", Amounts.fmt(fund), "基金支付 / the fund pays " + Amounts.fmt(fund) + "；个人负担 / she pays "
                + Amounts.fmt(fees.medfee()) + " − " + Amounts.fmt(fund) + " = " + Amounts.fmt(cash));

        // what the hospital gets, by its agreement (or, without terms for the category, its region's rules)
        MedicalPaymentMethod hospitalMethod;
        BigDecimal amount;
        Optional<Contracts.Terms> terms = contracts.terms(e.institutionCode(), serviceDate, category);
        MedicalEstimate local = e.regionCode().equals(e.insuredRegion()) ? est
                : estimator.estimateMedical(new MaternityFacts(e.regionCode(), serviceDate, category, fetuses,
                        InsuredKind.EMPLOYEE, fees.inscp(), null, units, null));
        if (terms.isPresent()) {
            hospitalMethod = terms.get().method();
            amount = terms.get().amount() != null ? terms.get().amount() : local.standard();
            ex.step(RULE, "agreement", hospitalMethod.name(), "协议 " + terms.get().agreementRef() + "：" + hospitalMethod.zh()
                    + (amount == null ? "" : " " + Amounts.fmt(amount))
                    + (terms.get().amount() == null ? "（标准按就医地 " + e.regionCode() + " 规定）" : "（协议定额）")
                    + " / agreement terms");
        } else {
            hospitalMethod = local.medicalMethod();
            amount = local.standard();
            ex.step(RULE, "agreement", hospitalMethod.name(), "无协议条款，按就医地 " + e.regionCode() + " 规定："
                    + hospitalMethod.zh() + (amount == null ? "" : " " + Amounts.fmt(amount))
                    + " / no agreement terms: the treating region's rules");
        }
        boolean head = false;
        BigDecimal hospital;
        switch (hospitalMethod) {
            case PER_DISEASE_QUOTA, PER_UNIT -> hospital = amount == null ? fund : amount;
            case PER_HEAD -> {
                head = !jdbc.sql("""
                        select exists (select 1 from settlement where person_id = ? and institution_code = ?
                           and category = 'PRENATAL_CARE' and head_counted and status = 'SETTLED'
                           and service_date > coalesce((select max(service_date) from settlement where person_id = ?
                               and status = 'SETTLED' and category <> 'PRENATAL_CARE'), '-infinity'::date))""")
                        .params(e.personId(), e.institutionCode(), e.personId()).query(Boolean.class).single();
                hospital = head ? (amount == null ? fund : amount) : Amounts.ZERO;
            }
            case CAPPED_ACTUAL -> hospital = amount == null ? fund : fund.min(amount);
            default -> hospital = fund;
        }
        hospital = hospital.setScale(2);
        ex.step(RULE, "hospitalAmount", Amounts.fmt(hospital), switch (hospitalMethod) {
            case PER_DISEASE_QUOTA -> "按病种定额，不论实际费用 / per-disease quota whatever the actual cost";
            case PER_HEAD -> head ? "按人头付费，本孕期首次计人头 / per head, first visit of the pregnancy here"
                    : "按人头付费，本孕期已计人头 / per head, already counted this pregnancy";
            case PER_UNIT -> "按单元付费，每次结算一个单元 / per unit, one unit per settlement";
            case CAPPED_ACTUAL -> "限额内据实支付 / actual cost up to the cap";
            default -> "据实支付 / actual cost";
        });
        List<ExplanationStep> steps = new ArrayList<>(est.explanation());
        steps.addAll(ex.steps());
        return new Computed(e, category, kind, fetuses, serviceDate, fees, fund, cash, limit.setScale(2),
                est.medicalMethod(), standard, est.payingFund(), hospitalMethod, hospital, head, steps);
    }

    /** The day the benefit is judged on: the delivery or surgery date, else the discharge, else the visit. */
    static LocalDate serviceDate(HospitalEncounters.Encounter e) {
        if (e.birctrlMatnDate() != null) {
            return e.birctrlMatnDate();
        }
        return e.endTime() != null ? e.endTime().toLocalDate() : e.beginTime().toLocalDate();
    }

    /**
     * The maternity category from med_type (51 生育门诊, 52 生育住院, 53 计划生育手术费 and their local sub-codes),
     * matn_type (生育类别) and birctrl_type (计划生育手术类别); a miscarriage is told under or over four months by
     * the gestation weeks against the region's parameter.
     */
    static MaternityCategory category(HospitalEncounters.Encounter e, PolicyView view, Explanation ex) {
        String med = e.medType();
        if (med == null || !(med.startsWith("51") || med.startsWith("52") || med.startsWith("53"))) {
            throw new NhsaException("MED_TYPE_NOT_MATERNITY", "医疗类别 " + med + " 不是生育医疗类别（51、52、53）",
                    "med_type " + med + " is not a maternity category (51, 52, 53)");
        }
        String matn = e.matnType();
        String birctrl = e.birctrlType();
        MaternityCategory c;
        if (birctrl != null && (med.startsWith("53") || matn == null)) {
            c = switch (birctrl) {
                case "1" -> MaternityCategory.IUD_INSERTION;
                case "2" -> MaternityCategory.IUD_REMOVAL;
                case "3", "4" -> miscarriage(e, view, ex);
                case "5", "7", "12" -> MaternityCategory.STERILIZATION;
                default -> throw new NhsaException("BIRCTRL_TYPE_UNSUPPORTED", "计划生育手术类别 " + birctrl + " 不在生育医疗费用支付范围",
                        "Family-planning surgery type " + birctrl + " is not paid as a maternity medical cost");
            };
        } else if (matn != null) {
            c = switch (matn) {
                case "1", "2" -> MaternityCategory.NORMAL_DELIVERY;
                case "3" -> MaternityCategory.CAESAREAN_DELIVERY;
                case "4" -> MaternityCategory.DIFFICULT_DELIVERY;
                case "5", "6", "10" -> miscarriage(e, view, ex);
                case "12" -> MaternityCategory.MISCARRIAGE_4_MONTHS_OR_MORE;
                case "13" -> MaternityCategory.MISCARRIAGE_UNDER_4_MONTHS;
                case "7" -> MaternityCategory.PRENATAL_CARE;
                default -> throw new NhsaException("MATN_TYPE_UNSUPPORTED", "生育类别 " + matn + " 无对应的支付标准",
                        "Birth category " + matn + " has no payment standard");
            };
        } else if (med.startsWith("51")) {
            c = MaternityCategory.PRENATAL_CARE;
        } else {
            throw new NhsaException("MATERNITY_FIELDS_MISSING", "生育住院或计划生育手术须填写生育类别 matn_type 或计划生育手术类别 birctrl_type",
                    "A maternity stay or family-planning surgery needs matn_type or birctrl_type");
        }
        if (c.isDelivery() && "51".equals(med)) {
            throw new NhsaException("MED_TYPE_CATEGORY", "生育门诊不能结算分娩", "A delivery is not settled as maternity outpatient care");
        }
        ex.step(RULE, "category", c.name(), "医疗类别 " + med + (matn == null ? "" : "，生育类别 " + matn)
                + (birctrl == null ? "" : "，计划生育手术类别 " + birctrl) + " → " + c.zh() + " / " + c.en());
        return c;
    }

    private static MaternityCategory miscarriage(HospitalEncounters.Encounter e, PolicyView view, Explanation ex) {
        if (e.gesoVal() == null) {
            throw new NhsaException("GESTATION_REQUIRED", "流产须填写孕周数 geso_val", "A miscarriage needs geso_val (weeks)");
        }
        ResolvedParam weeks = ex.use(RULE, view.get("maternity.miscarriage.four_months_weeks"));
        return e.gesoVal() < weeks.integer() ? MaternityCategory.MISCARRIAGE_UNDER_4_MONTHS
                : MaternityCategory.MISCARRIAGE_4_MONTHS_OR_MORE;
    }
}
