package cn.liangxian.policy;

/**
 * One line of an explanation: which rule, which parameter (or arithmetic), the value, the legal
 * reference and how sure we are of it. {@code note} holds the arithmetic or the reasoning in words.
 */
public record ExplanationStep(String rule, String parameter, String value, String reference, Confidence confidence,
        String note) {
}
