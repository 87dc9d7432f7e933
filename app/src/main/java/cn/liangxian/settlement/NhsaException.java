package cn.liangxian.settlement;

/**
 * A refusal answered in the envelope: infcode -1 and {@code err_msg} "CODE：中文 / English". Nothing the
 * transaction wrote is kept.
 */
class NhsaException extends RuntimeException {

    private final String code;
    private final String zh;
    private final String en;

    NhsaException(String code, String zh, String en) {
        super(code);
        this.code = code;
        this.zh = zh;
        this.en = en;
    }

    String code() {
        return code;
    }

    String zh() {
        return zh;
    }

    String en() {
        return en;
    }

    /** The text of {@code err_msg}: stable code, Chinese, English (the field holds 200 characters in the spec; we do not cut). */
    String errMsg() {
        return code + "：" + zh + " / " + en;
    }
}
