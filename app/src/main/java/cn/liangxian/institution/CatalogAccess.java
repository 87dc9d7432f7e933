package cn.liangxian.institution;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * The region a catalog question is asked for: the one named, if the user may see it; otherwise agency staff's
 * first region or a hospital's own region. Catalogs are reference data every signed-in user may read; only the
 * class B shares differ by region. Also renders an import's row errors.
 */
@Component
class CatalogAccess {

    private final Institutions institutions;
    private final AccessPolicy access;
    private final MessageSource messages;

    CatalogAccess(Institutions institutions, AccessPolicy access, MessageSource messages) {
        this.institutions = institutions;
        this.access = access;
        this.messages = messages;
    }

    String region(LiangxianUser me, String asked) {
        String own = own(me);
        if (asked == null || asked.isBlank()) {
            if (own == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REGION_REQUIRED");
            }
            return own;
        }
        String r = asked.strip();
        if (me.role().isAgency()) {
            access.requireVisible(me, AccessPolicy.Owner.region(r));
            return r;
        }
        if (!r.equals(own)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        return r;
    }

    private String own(LiangxianUser me) {
        if (me.role().isAgency()) {
            return me.regions().stream().sorted().findFirst().orElse(null);
        }
        if (me.role() == Role.HOSPITAL && me.institutionCode() != null) {
            return institutions.find(me.institutionCode()).map(Institution::regionCode).orElse(null);
        }
        return null;
    }

    String rowMessage(CatalogImports.RowError e, Locale locale) {
        return messages.getMessage("catalog.row." + e.code(), e.args().toArray(), e.code(), locale);
    }
}
