package cn.liangxian.policy.maternity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/**
 * Leave days (产假 / 计划生育手术休假) as a list of segments. The law in force on the service date (the
 * birth or surgery) governs the whole leave, even where a parameter changes while the leave runs.
 */
public final class LeaveRule {

    static final String RULE = "leave";

    private LeaveRule() {
    }

    static LeavePlan compute(PolicyView view, MaternityFacts facts, DeliveryClass deliveryClass, boolean allowanceForEvent,
            Explanation ex) {
        MaternityCategory cat = facts.category();
        List<Draft> drafts = new ArrayList<>();
        LocalDate start;
        if (cat.isDelivery()) {
            ResolvedParam base = ex.use(RULE, view.get("leave.base.days"));
            ResolvedParam prenatal = ex.use(RULE, view.get("leave.base.prenatal_days"));
            start = facts.leaveStart() != null ? facts.leaveStart() : facts.serviceDate().minusDays(prenatal.integer());
            if (start.isAfter(facts.serviceDate())) {
                throw new PolicyException("INVALID_LEAVE_START", "产假开始日期不能晚于分娩日期",
                        "Leave cannot start after the birth");
            }
            drafts.add(new Draft("BASE", "国家规定产假", "Statutory maternity leave", base, allowanceForEvent));
            if (deliveryClass == DeliveryClass.DIFFICULT) {
                drafts.add(new Draft("DIFFICULT_BIRTH", "难产增加产假", "Difficult birth extra",
                        ex.use(RULE, view.get("leave.difficult_birth.extra_days")), allowanceForEvent));
            }
            if (facts.fetusCount() > 1) {
                ResolvedParam per = ex.use(RULE, view.get("leave.multiple_birth.extra_days_per_additional_fetus"));
                int extra = per.integer() * (facts.fetusCount() - 1);
                ex.step(RULE, "multiple birth", extra + " 天/days",
                        per.integer() + " × (" + facts.fetusCount() + " − 1) = " + extra);
                drafts.add(new Draft("MULTIPLE_BIRTH", "多胞胎增加产假", "Multiple birth extra", extra, per.reference(),
                        allowanceForEvent, CountMode.CALENDAR));
            }
            ResolvedParam ext = ex.use(RULE, view.get("leave.extension.days"));
            if (ext.integer() > 0) {
                ResolvedParam paid = ex.use(RULE, view.get("leave.extension.allowance_paid"));
                ResolvedParam mode = ex.use(RULE, view.get("leave.extension.count_mode"));
                ResolvedParam nameZh = view.get("leave.extension.name_zh");
                ResolvedParam nameEn = view.get("leave.extension.name_en");
                drafts.add(new Draft("EXTENSION", nameZh.text(), nameEn.text(), ext.integer(), ext.reference(),
                        allowanceForEvent && paid.bool(), CountMode.valueOf(mode.text())));
            }
        } else {
            start = facts.leaveStart() != null ? facts.leaveStart() : facts.serviceDate();
            String key = switch (cat) {
                case MISCARRIAGE_UNDER_4_MONTHS -> "leave.miscarriage_under_4_months.days";
                case MISCARRIAGE_4_MONTHS_OR_MORE -> "leave.miscarriage_4_months_or_more.days";
                case STERILIZATION -> "leave.sterilization.days";
                case IUD_INSERTION -> "leave.iud_insertion.days";
                case IUD_REMOVAL -> "leave.iud_removal.days";
                default -> null;
            };
            if (key == null) {
                ex.step(RULE, "leave", "0 天/days", cat.zh() + "不产生假期 / no leave for " + cat.en());
                return new LeavePlan(List.of(), null, null);
            }
            boolean miscarriage = cat.name().startsWith("MISCARRIAGE");
            drafts.add(new Draft(miscarriage ? "MISCARRIAGE" : "FAMILY_PLANNING_SURGERY",
                    miscarriage ? "流产假" : "计划生育手术休假", miscarriage ? "Miscarriage leave" : "Family-planning surgery leave",
                    ex.use(RULE, view.get(key)), allowanceForEvent));
        }
        return place(view, drafts, start, ex);
    }

    private static LeavePlan place(PolicyView view, List<Draft> drafts, LocalDate start, Explanation ex) {
        List<LeaveSegment> segments = new ArrayList<>();
        LocalDate next = start;
        for (Draft d : drafts) {
            LocalDate end;
            if (d.mode == CountMode.EXCLUDING_PUBLIC_HOLIDAYS) {
                int counted = 0;
                LocalDate day = next.minusDays(1);
                List<LocalDate> skipped = new ArrayList<>();
                while (counted < d.days) {
                    day = day.plusDays(1);
                    if (view.holidays().isHoliday(day)) {
                        skipped.add(day);
                    } else {
                        counted++;
                    }
                }
                end = day;
                ex.step(RULE, d.code + " calendar", next + " – " + end,
                        d.nameZh + "不含法定节假日，顺延 " + skipped.size() + " 天" + (skipped.isEmpty() ? "" : " " + skipped)
                                + " / public holidays not counted (" + view.holidays().reference() + ")");
            } else {
                end = d.days == 0 ? next.minusDays(1) : next.plusDays(d.days - 1L);
            }
            segments.add(new LeaveSegment(d.code, d.nameZh, d.nameEn, d.days, d.paid, d.mode, d.reference, next, end));
            next = end.plusDays(1);
        }
        LocalDate end = segments.isEmpty() ? null : segments.get(segments.size() - 1).end();
        LeavePlan plan = new LeavePlan(List.copyOf(segments), start, end);
        StringBuilder sum = new StringBuilder();
        StringBuilder paid = new StringBuilder();
        for (LeaveSegment s : segments) {
            sum.append(sum.length() == 0 ? "" : " + ").append(s.days());
            if (s.allowancePaid()) {
                paid.append(paid.length() == 0 ? "" : " + ").append(s.days());
            }
        }
        ex.step(RULE, "leaveDays", plan.leaveDays() + " 天/days",
                sum + " = " + plan.leaveDays() + "；假期 " + start + " 至 " + end);
        ex.step(RULE, "allowanceDays", plan.allowanceDays() + " 天/days",
                (paid.length() == 0 ? "0" : paid + " = " + plan.allowanceDays()) + "（基金支付津贴的假期 / days the fund pays allowance for）");
        return plan;
    }

    private record Draft(String code, String nameZh, String nameEn, int days, String reference, boolean paid,
            CountMode mode) {
        Draft(String code, String nameZh, String nameEn, ResolvedParam p, boolean paid) {
            this(code, nameZh, nameEn, p.integer(), p.reference(), paid, CountMode.CALENDAR);
        }
    }
}
