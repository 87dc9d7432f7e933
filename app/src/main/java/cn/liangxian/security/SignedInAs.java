package cn.liangxian.security;

import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Work done as a user outside a request (the demo's loaders enter data through the services as the demo's own
 * clerks, employers and insured, so every rule, access check and audit entry applies).
 */
public final class SignedInAs {

    private SignedInAs() {
    }

    /** Runs the work with the user signed in on this thread, then restores whoever was before. */
    public static <T> T as(LiangxianUser user, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
