package cn.liangxian.web;

import org.springframework.http.HttpStatus;

/**
 * An error for an API client: a stable {@code code} and messages from the bundle keyed
 * {@code error.<code>} in Chinese and English, with optional arguments.
 */
public class ApiException extends RuntimeException {

    private final String code;
    private final HttpStatus status;
    private final transient Object[] args;

    public ApiException(HttpStatus status, String code, Object... args) {
        super(code);
        this.code = code;
        this.status = status;
        this.args = args;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public Object[] args() {
        return args.clone();
    }
}
