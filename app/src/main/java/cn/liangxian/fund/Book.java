package cn.liangxian.fund;

import java.time.LocalDate;

/**
 * One set of books of a region (an accounting entity of its own). {@code districtCode} is set when the book
 * belongs to one district (区县) of the pooling region; {@code closedOn} is the last accounting date a closed
 * legacy book accepts.
 */
public record Book(String regionCode, String code, FundKind fund, String districtCode, String nameZh, String nameEn,
        LocalDate closedOn) {

    /** 职工医保统筹基金: the pooled fund, with the maternity benefit item. */
    public static final String POOLED = "POOLED";
    /** 职工医保个人账户. */
    public static final String PERSONAL = "PERSONAL";
    /** 生育保险基金 (510) of the whole region, before the merger. */
    public static final String MATERNITY = "MATERNITY";

    /** The code of a district's legacy maternity book. */
    public static String maternityOfDistrict(String districtCode) {
        return MATERNITY + "-" + districtCode;
    }

    /** Whether the book accepts an entry dated {@code date}. */
    public boolean openOn(LocalDate date) {
        return closedOn == null || !date.isAfter(closedOn);
    }
}
