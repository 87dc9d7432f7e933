package cn.liangxian.fund;

/**
 * An account of a region's book. {@code origin} says where the code comes from: {@code STANDARD} (the
 * 社会保险基金会计制度 chart) or {@code LOCAL} (our own detail accounts). Only {@code postable} accounts (those
 * without children) take legs; a parent's balance is the sum of its children's.
 */
public record Account(String regionCode, String bookCode, String code, String nameZh, String nameEn,
        AccountClass accountClass, Side normalSide, String parentCode, boolean postable, Origin origin) {

    /** Where an account's code comes from. */
    public enum Origin {
        STANDARD, LOCAL
    }
}
