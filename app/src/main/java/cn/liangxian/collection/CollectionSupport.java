package cn.liangxian.collection;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.http.HttpStatus;

import cn.liangxian.web.ApiException;

/** What the collection's services share: who may do what, periods and payers as stored, today's date. */
final class CollectionSupport {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Agency staff who declare on an employer's behalf, run assessments and enter average wages. */
    static final Set<cn.liangxian.security.Role> CLERKS = EnumSet.of(cn.liangxian.security.Role.AGENCY_CLERK,
            cn.liangxian.security.Role.AGENCY_REVIEWER, cn.liangxian.security.Role.AGENCY_APPROVER);
    /** Who imports the tax bureau's payment files and works the exception queue: clerks and finance. */
    static final Set<cn.liangxian.security.Role> PAYMENTS = EnumSet.of(cn.liangxian.security.Role.AGENCY_CLERK,
            cn.liangxian.security.Role.AGENCY_REVIEWER, cn.liangxian.security.Role.AGENCY_APPROVER,
            cn.liangxian.security.Role.FINANCE);
    /** Who reads a region's collection: the above and supervisors. */
    static final Set<cn.liangxian.security.Role> READERS = EnumSet.of(cn.liangxian.security.Role.AGENCY_CLERK,
            cn.liangxian.security.Role.AGENCY_REVIEWER, cn.liangxian.security.Role.AGENCY_APPROVER,
            cn.liangxian.security.Role.FINANCE, cn.liangxian.security.Role.SUPERVISOR);

    private CollectionSupport() {
    }

    static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** A period as typed: {@code 2024-03} or {@code 202403}. */
    static YearMonth period(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_PERIOD", String.valueOf(text));
        }
        String t = text.strip();
        try {
            if (t.matches("\\d{6}")) {
                return YearMonth.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(4)));
            }
            return YearMonth.parse(t);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_PERIOD", t);
        }
    }

    /** A period as stored: {@code 202403}. */
    static String key(YearMonth p) {
        return String.format("%04d%02d", p.getYear(), p.getMonthValue());
    }

    static YearMonth fromKey(String key) {
        return YearMonth.of(Integer.parseInt(key.substring(0, 4)), Integer.parseInt(key.substring(4, 6)));
    }

    /** The payer of a flexible worker's own bill. */
    static String personPayer(long personId) {
        return "P" + personId;
    }

    static boolean isPersonPayer(String payer) {
        return payer != null && payer.startsWith("P");
    }

    static long payerPerson(String payer) {
        return Long.parseLong(payer.substring(1));
    }

    static int year(Integer year) {
        if (year == null || year < 1990 || year > 2200) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_YEAR", String.valueOf(year));
        }
        return year;
    }
}
