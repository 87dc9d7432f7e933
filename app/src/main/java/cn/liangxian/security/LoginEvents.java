package cn.liangxian.security;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Counts failed sign-ins (and locks accounts), resets on success; both are audited. */
@Component
class LoginEvents {

    private final UserAccounts accounts;

    LoginEvents(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent e) {
        accounts.recordFailure(String.valueOf(e.getAuthentication().getName()));
    }

    @EventListener
    void locked(AuthenticationFailureLockedEvent e) {
        accounts.recordFailure(String.valueOf(e.getAuthentication().getName()));
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent e) {
        if (e.getAuthentication().getPrincipal() instanceof LiangxianUser u) {
            accounts.recordSuccess(u);
        }
    }
}
