package cn.liangxian.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import cn.liangxian.policy.PolicyException;

/**
 * Every error of the REST API as RFC 9457 application/problem+json: a stable {@code code}, the message
 * in the request's language, and always both {@code message_zh} and {@code message_en}.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    private final MessageSource messages;

    ProblemResponses(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(PolicyException.class)
    ResponseEntity<ProblemDetail> policy(PolicyException e) {
        return problem(HttpStatus.BAD_REQUEST, e.code(), e.messageZh(), e.messageEn(), null);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return coded(e.status(), e.code(), e.args(), null);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()))).toList();
        return coded(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", new Object[0], errors);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return coded(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", new Object[0], null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return coded(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", new Object[0], null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return coded(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", new Object[0], null);
    }

    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(org.springframework.web.multipart.MaxUploadSizeExceededException e) {
        return coded(HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE", new Object[0], null);
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(org.springframework.web.multipart.MultipartException e) {
        return coded(HttpStatus.BAD_REQUEST, "MALFORMED_UPLOAD", new Object[0], null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e) {
        return coded(HttpStatus.NOT_FOUND, "NOT_FOUND", new Object[0], null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return coded(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", new Object[0], null);
    }

    private ResponseEntity<ProblemDetail> coded(HttpStatus status, String code, Object[] args, Object errors) {
        String key = "error." + code;
        String zh = messages.getMessage(key, args, code, Locale.SIMPLIFIED_CHINESE);
        String en = messages.getMessage(key, args, code, Locale.ENGLISH);
        return problem(status, code, zh, en, errors);
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String zh, String en, Object errors) {
        boolean english = "en".equals(LocaleContextHolder.getLocale().getLanguage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, english ? en : zh);
        p.setTitle(status.getReasonPhrase());
        p.setType(URI.create("urn:liangxian:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        p.setProperty("code", code);
        p.setProperty("message", english ? en : zh);
        p.setProperty("message_zh", zh);
        p.setProperty("message_en", en);
        if (errors != null) {
            p.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(PROBLEM).body(p);
    }
}
