package cn.liangxian.security;

import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import cn.liangxian.web.ApiException;

/**
 * Object-level access: whether a user may see one object, judged by what the object belongs to, not
 * by the URL. Agency staff see their regions' objects; an employer its own; a person herself; a hospital
 * its own. An object outside one's scope is answered as if it did not exist (404), so its existence is not
 * revealed; a whole family closed to one's role is a 403.
 */
@Component
public class AccessPolicy {

    /** What an object belongs to. Null parts are "not bound to such a party". */
    public record Owner(String regionCode, String employerUscc, Long personId, String institutionCode) {
        public static Owner region(String regionCode) {
            return new Owner(regionCode, null, null, null);
        }
    }

    public boolean canSee(LiangxianUser u, Owner o) {
        return switch (u.role().binding()) {
            case REGIONS -> o.regionCode() != null && u.regions().contains(o.regionCode());
            case EMPLOYER -> o.employerUscc() != null && o.employerUscc().equals(u.employerUscc());
            case PERSON -> o.personId() != null && o.personId().equals(u.personId());
            case INSTITUTION -> o.institutionCode() != null && o.institutionCode().equals(u.institutionCode());
        };
    }

    /** Throws 404 when the user may not see the object. */
    public void requireVisible(LiangxianUser u, Owner o) {
        if (!canSee(u, o)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
    }

    /** Throws 403 when the user's role is not among those allowed for a whole family of endpoints. */
    public void requireRole(LiangxianUser u, Set<Role> allowed) {
        if (!allowed.contains(u.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        }
    }
}
