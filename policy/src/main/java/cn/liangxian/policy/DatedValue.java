package cn.liangxian.policy;

import java.time.LocalDate;

/**
 * One value of a parameter, in force from {@code from} until the next value of the same parameter in
 * the same jurisdiction. {@code reference} names the document and clause.
 */
public record DatedValue(LocalDate from, Object value, String reference, Confidence confidence, String note) {
}
