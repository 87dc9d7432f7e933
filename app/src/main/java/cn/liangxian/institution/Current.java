package cn.liangxian.institution;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/** The signed-in user of the current thread. */
final class Current {

    private Current() {
    }

    static Optional<LiangxianUser> user() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.isAuthenticated() && a.getPrincipal() instanceof LiangxianUser u ? Optional.of(u)
                : Optional.empty();
    }

    /** The signed-in user; 401 when nobody is. */
    static LiangxianUser required() {
        return user().orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED"));
    }
}
