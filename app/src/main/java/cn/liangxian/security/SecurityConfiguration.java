package cn.liangxian.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.context.ApplicationEventPublisher;

import cn.liangxian.web.ProblemWriter;

/**
 * Two chains. The REST API under /api is stateless: API tokens, no session, no CSRF (no cookies are
 * honoured), problem+json on 401/403; the public estimates need no sign-in. The pages use form login
 * with CSRF, a session timeout, strict security headers; portals are open to their roles only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    static final String[] AGENCY_ROLES = Role.AGENCY.stream().map(Enum::name).toArray(String[]::new);

    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
        return new DefaultAuthenticationEventPublisher(publisher);
    }

    /**
     * The hospital interface authenticates each message itself — its signature under the institution's key, its
     * nonce used once, its sign-in ({@code NhsaGateway}, {@link RequestSignatureVerifier}) — and answers machines
     * with the national envelope, never a page: no session, cookie, CSRF token or browser header applies to it, so
     * it bypasses the filter chains, which would otherwise cost more than the signature check on every message.
     */
    @Bean
    WebSecurityCustomizer hospitalInterfaceOutsideTheChains() {
        return web -> web.ignoring().requestMatchers(HttpMethod.POST, "/api/nhsa", "/api/nhsa/*");
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.securityMatcher("/api/**")
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .securityContext(c -> c.requireExplicitSave(true))
                .addFilterBefore(new ApiTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/estimates/**").permitAll()
                        .requestMatchers("/api/**").authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> ProblemWriter.write(req, res, 401,
                                "UNAUTHENTICATED", "请提供有效的 API 令牌", "A valid API token is required"))
                        .accessDeniedHandler((req, res, ex) -> ProblemWriter.write(req, res, 403, "FORBIDDEN",
                                "无权访问", "Access denied")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                .requestMatchers("/", "/ui/calculator", "/login", "/css/**", "/js/**", "/webjars/**", "/public/**",
                        "/error", "/favicon.ico",
                        "/actuator/health", "/actuator/health/**", "/actuator/info", "/swagger-ui", "/swagger-ui/**",
                        "/v3/api-docs", "/v3/api-docs/**")
                .permitAll()
                .requestMatchers("/ui/agency/**").hasAnyRole(AGENCY_ROLES)
                .requestMatchers("/ui/employer/**").hasRole(Role.EMPLOYER_HR.name())
                .requestMatchers("/ui/me/**").hasRole(Role.INSURED.name())
                .requestMatchers("/ui/hospital/**").hasRole(Role.HOSPITAL.name())
                .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/ui/home", true).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/?loggedOut").permitAll())
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; "
                                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        return http.build();
    }
}
