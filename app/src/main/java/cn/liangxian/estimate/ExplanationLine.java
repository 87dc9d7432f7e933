package cn.liangxian.estimate;

import cn.liangxian.policy.ExplanationStep;

/** One explanation line as shown to people and machines. */
public record ExplanationLine(String rule, String parameter, String value, String reference, String confidence,
        String note) {

    static ExplanationLine of(ExplanationStep s) {
        return new ExplanationLine(s.rule(), s.parameter(), s.value(), s.reference(),
                s.confidence() == null ? null : s.confidence().label(), s.note());
    }

    public boolean unverified() {
        return "unverified".equals(confidence);
    }
}
