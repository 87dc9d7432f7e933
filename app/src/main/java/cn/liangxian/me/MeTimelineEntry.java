package cn.liangxian.me;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One entry of the insured person's timeline. {@code kind} groups entries (see {@link MeTimelineSource}'s
 * constants); {@code date} places it (the start of a period, the day of an event); {@code until} ends a period
 * (null: an event, or a period still running when {@code current}); {@code amount} is a benefit paid or claimed
 * (null: none); {@code status} a short state in both languages; {@code link} a page of hers with the details.
 */
public record MeTimelineEntry(String kind, LocalDate date, LocalDate until, boolean current, String titleZh,
        String titleEn, String detailZh, String detailEn, BigDecimal amount, String statusZh, String statusEn,
        String link) {

    public String title(boolean zh) {
        return zh ? titleZh : titleEn;
    }

    public String detail(boolean zh) {
        return zh ? detailZh : detailEn;
    }

    public String status(boolean zh) {
        return zh ? statusZh : statusEn;
    }
}
