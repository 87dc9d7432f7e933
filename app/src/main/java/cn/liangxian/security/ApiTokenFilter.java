package cn.liangxian.security;

import java.io.IOException;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.liangxian.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code Authorization: Bearer lx_…}: signs the request in as the token's owner; a bad token is a 401. */
class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;

    ApiTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            var user = tokens.authenticate(header.substring(7).trim());
            if (user.isEmpty()) {
                ProblemWriter.write(request, response, 401, "INVALID_TOKEN", "API 令牌无效或已撤销",
                        "The API token is invalid or revoked");
                return;
            }
            var auth = UsernamePasswordAuthenticationToken.authenticated(user.get(), null, user.get().getAuthorities());
            SecurityContextHolder.getContext().setAuthentication(auth);
        }
        chain.doFilter(request, response);
    }
}
