package cn.liangxian.me;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import cn.liangxian.collection.ContributionRecords;
import cn.liangxian.security.LiangxianUser;

/** Her contribution months: each run of consecutive paid months as one entry, and each month left unpaid. */
@Component
class ContributionTimeline implements MeTimelineSource {

    private final ContributionRecords records;

    ContributionTimeline(ContributionRecords records) {
        this.records = records;
    }

    @Override
    public String kind() {
        return CONTRIBUTION;
    }

    @Override
    public List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today) {
        ContributionRecords.Months m = records.months(viewer, personId, today);
        List<MeTimelineEntry> out = new ArrayList<>();
        YearMonth start = null;
        YearMonth prev = null;
        int count = 0;
        for (String p : m.periods()) {
            YearMonth ym = ym(p);
            if (prev != null && !prev.plusMonths(1).equals(ym)) {
                out.add(run(start, prev, count, today));
                start = null;
                count = 0;
            }
            if (start == null) {
                start = ym;
            }
            prev = ym;
            count++;
        }
        if (start != null) {
            out.add(run(start, prev, count, today));
        }
        for (String p : m.unpaidPeriods()) {
            YearMonth ym = ym(p);
            out.add(new MeTimelineEntry(CONTRIBUTION, ym.atDay(1), ym.atEndOfMonth(), false, ym + " 未缴清",
                    ym + " not paid in full", "该月费款尚未缴清，不计入缴费月数", "This month's contribution is not paid in full "
                            + "and does not count", null, "未缴清", "unpaid", "/ui/me/timeline"));
        }
        return out;
    }

    private static MeTimelineEntry run(YearMonth from, YearMonth to, int count, LocalDate today) {
        boolean current = !YearMonth.from(today).minusMonths(2).isAfter(to);
        return new MeTimelineEntry(CONTRIBUTION, from.atDay(1), to.atEndOfMonth(), current,
                "缴费 " + from + " 至 " + to, "Contributions " + from + " to " + to, "连续缴费 " + count + " 个月",
                count + " consecutive month(s) paid", null, "已缴", "paid", "/ui/me/timeline");
    }

    private static YearMonth ym(String period) {
        String p = period.replace("-", "");
        return YearMonth.of(Integer.parseInt(p.substring(0, 4)), Integer.parseInt(p.substring(4, 6)));
    }
}
