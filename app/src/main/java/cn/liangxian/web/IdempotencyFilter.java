package cn.liangxian.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Repeated messages change nothing: a state-changing API call that carries an {@code Idempotency-Key}
 * header is answered once; a repeat by the same caller with the same key and the same request gets the
 * first answer again (marked {@code Idempotent-Replayed: true}) and writes nothing. The same key with a
 * different request is refused; a key whose first request is still running answers 409. Server errors are
 * not remembered, so the caller may retry them.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";

    private final JdbcClient jdbc;
    private final MessageSource messages;

    IdempotencyFilter(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String m = request.getMethod();
        return !request.getRequestURI().startsWith("/api/") || request.getHeader(HEADER) == null
                || !(m.equals("POST") || m.equals("PUT") || m.equals("PATCH") || m.equals("DELETE"));
    }

    record Stored(String hash, Integer status, String contentType, byte[] body) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).trim();
        if (key.isEmpty() || key.length() > 200) {
            problem(request, response, 400, "MALFORMED_REQUEST");
            return;
        }
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        String actor = a == null || !a.isAuthenticated() ? "anonymous" : a.getName();
        boolean multipart = request.getContentType() != null
                && request.getContentType().toLowerCase(Locale.ROOT).startsWith("multipart/");
        byte[] body = multipart ? parts(request) : request.getInputStream().readAllBytes();
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String hash = hash(request.getMethod(), path, body);
        int claimed = jdbc.sql("""
                insert into idempotent_request (actor, idem_key, method, path, request_hash) values (?, ?, ?, ?, ?)
                on conflict do nothing""")
                .params(actor, key, request.getMethod(), path, hash).update();
        if (claimed == 0) {
            Optional<Stored> first = jdbc.sql("""
                    select request_hash, status, content_type, body from idempotent_request where actor = ? and idem_key = ?""")
                    .params(actor, key).query((rs, i) -> new Stored(rs.getString(1), (Integer) rs.getObject(2),
                            rs.getString(3), rs.getBytes(4)))
                    .optional();
            if (first.isEmpty()) {
                problem(request, response, 409, "IDEMPOTENCY_IN_PROGRESS");
            } else if (!first.get().hash().equals(hash)) {
                problem(request, response, 422, "IDEMPOTENCY_KEY_REUSED");
            } else if (first.get().status() == null) {
                problem(request, response, 409, "IDEMPOTENCY_IN_PROGRESS");
            } else {
                response.setStatus(first.get().status());
                if (first.get().contentType() != null) {
                    response.setContentType(first.get().contentType());
                }
                response.setHeader("Idempotent-Replayed", "true");
                response.getOutputStream().write(first.get().body() == null ? new byte[0] : first.get().body());
            }
            return;
        }
        ContentCachingResponseWrapper wrapped = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(multipart ? request : new CachedBody(request, body), wrapped);
            if (wrapped.getStatus() < 500) {
                jdbc.sql("""
                        update idempotent_request set status = ?, content_type = ?, body = ?
                         where actor = ? and idem_key = ?""")
                        .params(wrapped.getStatus(), wrapped.getContentType(), wrapped.getContentAsByteArray(), actor, key)
                        .update();
                stored = true;
            }
        } finally {
            if (!stored) {
                jdbc.sql("delete from idempotent_request where actor = ? and idem_key = ? and status is null")
                        .params(actor, key).update();
            }
            wrapped.copyBodyToResponse();
        }
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, int status, String code)
            throws IOException {
        ProblemWriter.write(request, response, status, code,
                messages.getMessage("error." + code, null, code, Locale.SIMPLIFIED_CHINESE),
                messages.getMessage("error." + code, null, code, Locale.ENGLISH));
    }

    /** The parts of a multipart request (parsed once by the container and kept for the controller), as bytes. */
    private static byte[] parts(HttpServletRequest request) throws IOException, ServletException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (jakarta.servlet.http.Part p : request.getParts()) {
            out.write((p.getName() + "\u0000" + p.getSubmittedFileName() + "\u0000").getBytes(StandardCharsets.UTF_8));
            try (java.io.InputStream in = p.getInputStream()) {
                out.write(hash("PART", p.getName(), in.readAllBytes()).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    static String hash(String method, String path, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            d.update(body);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body already read, readable again by the controller. */
    static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
