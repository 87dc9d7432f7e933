package cn.liangxian.policy.maternity;

/** How the days of a leave segment run on the calendar. */
public enum CountMode {
    /** Every calendar day counts, weekends and public holidays included. */
    CALENDAR,
    /** Statutory public holidays inside the segment do not count; the segment runs longer by that many days. */
    EXCLUDING_PUBLIC_HOLIDAYS
}
