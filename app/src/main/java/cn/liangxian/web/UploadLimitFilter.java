package cn.liangxian.web;

import java.io.IOException;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Uploads refused before any controller is chosen still answer as coded problems: one over the size limit
 * is refused before anything reads it ({@code FILE_TOO_LARGE}; the container would otherwise answer with an
 * empty 413), and one the dispatcher cannot parse as a multipart form answers {@code MALFORMED_UPLOAD}
 * rather than a bare 500 (the controller advice only sees errors raised inside a chosen handler).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class UploadLimitFilter extends OncePerRequestFilter {

    private final long maxRequestBytes;
    private final MessageSource messages;

    UploadLimitFilter(@Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxRequestSize,
            MessageSource messages) {
        this.maxRequestBytes = maxRequestSize.toBytes();
        this.messages = messages;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxRequestBytes) {
            response.setHeader("Connection", "close");
            problem(request, response, HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE");
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException e) {
            if (response.isCommitted() || !(e.getCause() instanceof MultipartException m)) {
                throw e;
            }
            response.reset();
            if (m instanceof MaxUploadSizeExceededException) {
                problem(request, response, HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE");
            } else {
                problem(request, response, HttpStatus.BAD_REQUEST, "MALFORMED_UPLOAD");
            }
        }
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code)
            throws IOException {
        ProblemWriter.write(request, response, status.value(), code,
                messages.getMessage("error." + code, null, Locale.SIMPLIFIED_CHINESE),
                messages.getMessage("error." + code, null, Locale.ENGLISH));
    }
}
