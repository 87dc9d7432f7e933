package cn.liangxian.fund;

import java.time.YearMonth;

/** Published, inside the closing transaction, when a region's month is closed. */
public record MonthClosed(String regionCode, YearMonth period, String closedBy) {
}
