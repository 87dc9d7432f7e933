package cn.liangxian.estimate;

/** A leave segment in an estimate answer. */
public record LeaveSegmentView(String code, String nameZh, String nameEn, int days, boolean allowancePaid,
        String countMode, String start, String end, String reference) {
}
