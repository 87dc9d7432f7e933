package cn.liangxian.policy.maternity;

import java.time.LocalDate;

/**
 * One part of a leave: its legal basis, its days, whether the fund pays an allowance for it and how its
 * days run on the calendar. {@code start}/{@code end} are inclusive.
 */
public record LeaveSegment(String code, String nameZh, String nameEn, int days, boolean allowancePaid,
        CountMode countMode, String reference, LocalDate start, LocalDate end) {
}
