package cn.liangxian.security;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import cn.liangxian.security.pii.Masking;

/** A signed-in user: her role and what it is bound to (regions, an employer, a person, an institution). */
public final class LiangxianUser implements UserDetails, CredentialsContainer {

    private final long id;
    private final String username;
    private String passwordHash;
    private final String displayName;
    private final Role role;
    private final Set<String> regions;
    private final String employerUscc;
    private final Long personId;
    private final String institutionCode;
    private final boolean enabled;
    private final Instant lockedUntil;

    public LiangxianUser(long id, String username, String passwordHash, String displayName, Role role,
            Set<String> regions, String employerUscc, Long personId, String institutionCode, boolean enabled,
            Instant lockedUntil) {
        this.id = id;
        this.username = username;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
        this.role = role;
        this.regions = Set.copyOf(regions);
        this.employerUscc = employerUscc;
        this.personId = personId;
        this.institutionCode = institutionCode;
        this.enabled = enabled;
        this.lockedUntil = lockedUntil;
    }

    public long id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public Set<String> regions() {
        return regions;
    }

    public String employerUscc() {
        return employerUscc;
    }

    public Long personId() {
        return personId;
    }

    public String institutionCode() {
        return institutionCode;
    }

    /** The name as shown on screens: masked. */
    public String maskedName() {
        return Masking.name(displayName);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public boolean isAccountNonLocked() {
        return lockedUntil == null || lockedUntil.isBefore(Instant.now());
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public String toString() {
        return username + " (" + role + ")";
    }
}
