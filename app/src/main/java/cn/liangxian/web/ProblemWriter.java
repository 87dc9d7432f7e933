package cn.liangxian.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem+json body outside controllers (security filters), in the same shape as {@link ProblemResponses}. */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String zh, String en) throws IOException {
        String lang = request.getHeader("Accept-Language");
        boolean english = lang != null && lang.toLowerCase(java.util.Locale.ROOT).startsWith("en");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "urn:liangxian:problem:" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        p.put("status", status);
        p.put("detail", english ? en : zh);
        p.put("instance", request.getRequestURI());
        p.put("code", code);
        p.put("message", english ? en : zh);
        p.put("message_zh", zh);
        p.put("message_en", en);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(p));
    }
}
