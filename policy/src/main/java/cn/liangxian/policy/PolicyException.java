package cn.liangxian.policy;

/**
 * A request the policy engine cannot answer: unknown region, a date before the region has rules,
 * bad facts. Carries a stable code and the message in Chinese and English.
 */
public class PolicyException extends RuntimeException {

    private final String code;
    private final String messageZh;
    private final String messageEn;

    public PolicyException(String code, String messageZh, String messageEn) {
        super(code + ": " + messageEn);
        this.code = code;
        this.messageZh = messageZh;
        this.messageEn = messageEn;
    }

    public String code() {
        return code;
    }

    public String messageZh() {
        return messageZh;
    }

    public String messageEn() {
        return messageEn;
    }

    public static PolicyException invalid(String code, String zh, String en) {
        return new PolicyException(code, zh, en);
    }
}
