package cn.liangxian.policy.maternity;

import java.time.LocalDate;
import java.util.List;

/** The leave for one event: its segments, total leave days, days the fund pays allowance for, and its dates. */
public record LeavePlan(List<LeaveSegment> segments, LocalDate start, LocalDate end) {

    public int leaveDays() {
        return segments.stream().mapToInt(LeaveSegment::days).sum();
    }

    public int allowanceDays() {
        return segments.stream().filter(LeaveSegment::allowancePaid).mapToInt(LeaveSegment::days).sum();
    }
}
