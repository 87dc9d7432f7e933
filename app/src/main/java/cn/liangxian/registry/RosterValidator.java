package cn.liangxian.registry;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.registry.RosterSheet.Action;
import cn.liangxian.registry.RosterSheet.Column;
import cn.liangxian.registry.RosterImports.Reason;
import cn.liangxian.registry.RosterSheet.RawRow;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * Checks every row of a roster upload and collects all of a row's reasons, not just the first. Rows are
 * read and checked in memory; people already registered are found by blind index in batches and their
 * coverage is loaded in the same batches, so a file of a hundred thousand rows takes a few hundred queries,
 * not a few hundred thousand.
 */
@Component
class RosterValidator {

    /** Rows looked up per query. */
    static final int CHUNK = 2000;
    private static final int MAX_NAME = 60;
    private static final int MAX_REMARKS = 200;
    private static final Pattern DATE = Pattern
            .compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[ T]0{1,2}:00(?::00(?:\\.0+)?)?)?");
    private static final Pattern COMPACT_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

    private final JdbcClient jdbc;
    private final BlindIndex index;
    private final PersonalDataCipher cipher;
    private final EmployerRegistry employers;
    private final MessageSource messages;

    RosterValidator(JdbcClient jdbc, BlindIndex index, PersonalDataCipher cipher, EmployerRegistry employers,
            MessageSource messages) {
        this.jdbc = jdbc;
        this.index = index;
        this.cipher = cipher;
        this.employers = employers;
        this.messages = messages;
    }

    /** One row of the upload as checked: what it says, what it refers to, and why it is refused (if it is). */
    static final class Line {
        final RawRow raw;
        final List<Reason> reasons = new ArrayList<>();
        Action action;
        CertType type;
        String number;
        String name;
        String sex;
        LocalDate birthDate;
        String phone;
        LocalDate date;
        String remarks;
        String idIndex;
        String nameIndex;
        /** The registered person, if any. */
        Long personId;
        /** REMOVE: the open periods with this employer that end. */
        List<Long> closing = List.of();

        Line(RawRow raw) {
            this.raw = raw;
        }

        boolean valid() {
            return reasons.isEmpty();
        }
    }

    /** Everything a job knows after the checks: all rows, in file order. */
    record Plan(List<Line> lines) {
        List<Line> valid() {
            return lines.stream().filter(Line::valid).toList();
        }

        List<Line> refused() {
            return lines.stream().filter(l -> !l.valid()).toList();
        }
    }

    /** One coverage period as the checks need it. */
    private record Cover(long id, long personId, String type, String basis, String employer, LocalDate start,
            LocalDate end) {
        boolean overlapsFrom(LocalDate d) {
            return end == null || !end.isBefore(d);
        }

        boolean covers(LocalDate d) {
            return !start.isAfter(d) && (end == null || !end.isBefore(d));
        }
    }

    private record Found(long id, String nameIndex, String nameEnc) {
        Found {
            nameIndex = nameIndex == null ? null : nameIndex.trim();
        }
    }

    /**
     * Checks all rows for an employer of a region. {@code checked} hears the number of rows checked so far
     * (after each batch), for the progress view.
     */
    Plan validate(String region, String uscc, List<RawRow> rows, LocalDate today, IntConsumer checked) {
        List<Line> lines = rows.parallelStream().map(r -> read(r, today)).toList();
        duplicates(lines);
        lines.parallelStream().forEach(l -> {
            if (l.number != null) {
                l.idIndex = index.of(l.type.indexKind(), l.number);
            }
            if (l.name != null) {
                l.nameIndex = index.of("name", l.name);
            }
        });
        Map<LocalDate, Optional<EmployerRegistry.Status>> status = new HashMap<>();
        for (int from = 0; from < lines.size(); from += CHUNK) {
            List<Line> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
            against(region, uscc, chunk, status);
            checked.accept(from + chunk.size());
        }
        return new Plan(lines);
    }

    // ------------------------------------------------------------------ one row on its own

    private Line read(RawRow r, LocalDate today) {
        Line l = new Line(r);
        String actionText = r.cell(Column.ACTION);
        l.action = Action.parse(actionText).orElse(null);
        if (l.action == null) {
            l.reasons.add(reason("UNKNOWN_ACTION", shown(actionText)));
        }
        String typeText = r.cell(Column.CERT_TYPE);
        l.type = RosterSheet.certType(typeText).orElse(null);
        if (l.type == null) {
            l.reasons.add(reason("UNKNOWN_CERT_TYPE", shown(typeText)));
        }
        String number = r.cell(Column.CERT_NUMBER);
        Identifiers.Certificate cert = null;
        if (r.certNumberTypedAsNumber()) {
            l.reasons.add(reason("CERT_NUMBER_AS_NUMBER"));
        } else if (number == null) {
            l.reasons.add(reason("CERT_NUMBER_MISSING"));
        } else if (l.type != null) {
            try {
                cert = Identifiers.parseCertificate(l.type, number, today);
                l.number = cert.number();
                l.birthDate = cert.birthDate();
            } catch (IllegalArgumentException invalid) {
                Identifiers.Check c = Identifiers.certificate(l.type, number, today);
                l.reasons.add(new Reason("BAD_CERTIFICATE", text("BAD_CERTIFICATE", Locale.SIMPLIFIED_CHINESE,
                        c.reasonZh()), text("BAD_CERTIFICATE", Locale.ENGLISH, c.reasonEn())));
            }
        }
        String name = r.cell(Column.NAME);
        if (name == null) {
            l.reasons.add(reason("NAME_MISSING"));
        } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
            l.reasons.add(reason("NAME_TOO_LONG", MAX_NAME));
        } else {
            l.name = name;
        }
        String sexText = r.cell(Column.SEX);
        String sex = sex(sexText);
        if (sexText != null && sex == null) {
            l.reasons.add(reason("SEX_UNKNOWN", sexText));
        }
        String certSex = cert == null || cert.male() == null ? null : cert.male() ? "M" : "F";
        if (sex != null && certSex != null && !sex.equals(certSex)) {
            l.reasons.add(reason("SEX_MISMATCH", sexText));
        }
        l.sex = sex != null ? sex : certSex;
        String phone = r.cell(Column.PHONE);
        if (phone != null && !Identifiers.mobile(phone).valid()) {
            l.reasons.add(reason("PHONE_INVALID"));
        } else {
            l.phone = phone;
        }
        if (phone == null && l.action == Action.CHANGE) {
            l.reasons.add(reason("PHONE_MISSING"));
        }
        String dateText = r.cell(Column.DATE);
        if (dateText == null) {
            l.reasons.add(reason("DATE_MISSING"));
        } else {
            l.date = date(dateText);
            if (l.date == null) {
                l.reasons.add(reason("DATE_INVALID", dateText));
            }
        }
        String remarks = r.cell(Column.REMARKS);
        if (remarks != null && remarks.codePointCount(0, remarks.length()) > MAX_REMARKS) {
            l.reasons.add(reason("REMARKS_TOO_LONG", MAX_REMARKS));
        }
        l.remarks = remarks;
        return l;
    }

    /** The same person (same certificate) on more than one row: every such row is refused, naming the others. */
    private void duplicates(List<Line> lines) {
        Map<String, List<Line>> byPerson = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.number != null) {
                byPerson.computeIfAbsent(l.type.indexKind() + "\u0000" + l.number, k -> new ArrayList<>()).add(l);
            }
        }
        for (List<Line> same : byPerson.values()) {
            if (same.size() > 1) {
                for (Line l : same) {
                    String others = same.stream().filter(o -> o != l).limit(10)
                            .map(o -> String.valueOf(o.raw.number())).collect(Collectors.joining(", "));
                    l.reasons.add(reason("DUPLICATE_IN_FILE", others + (same.size() > 11 ? ", …" : "")));
                }
            }
        }
    }

    static String sex(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "男", "男性", "M", "MALE", "男 M" -> "M";
            case "女", "女性", "F", "FEMALE", "女 F" -> "F";
            default -> null;
        };
    }

    /** 2026-01-01, 2026/1/1, 2026.1.1, 2026年1月1日, 20260101 (a time of midnight may follow). */
    static LocalDate date(String text) {
        String t = text.strip();
        Matcher m = DATE.matcher(t);
        if (!m.matches()) {
            m = COMPACT_DATE.matcher(t);
            if (!m.matches()) {
                return null;
            }
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ rows against the registry

    private void against(String region, String uscc, List<Line> chunk,
            Map<LocalDate, Optional<EmployerRegistry.Status>> status) {
        List<String> keys = chunk.stream().map(l -> l.idIndex).filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, Found> found = new HashMap<>();
        if (!keys.isEmpty()) {
            jdbc.sql("""
                    select id, id_number_index, name_index, name_enc from person
                     where region_code = ? and id_number_index = any(?::char(64)[])""")
                    .params(region, "{" + String.join(",", keys) + "}")
                    .query((rs, i) -> Map.entry(rs.getString(2).trim(),
                            new Found(rs.getLong(1), rs.getString(3), rs.getString(4))))
                    .list().forEach(e -> found.put(e.getKey(), e.getValue()));
        }
        Map<Long, List<Cover>> covers = new HashMap<>();
        if (!found.isEmpty()) {
            String ids = found.values().stream().map(f -> String.valueOf(f.id())).collect(Collectors.joining(","));
            jdbc.sql("""
                    select id, person_id, insurance_type, basis, employer_uscc, start_date, end_date from coverage
                     where person_id = any(?::bigint[]) order by start_date""")
                    .param("{" + ids + "}")
                    .query((rs, i) -> new Cover(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getDate(6).toLocalDate(),
                            rs.getDate(7) == null ? null : rs.getDate(7).toLocalDate()))
                    .list().forEach(c -> covers.computeIfAbsent(c.personId(), k -> new ArrayList<>()).add(c));
        }
        for (Line l : chunk) {
            Found f = l.idIndex == null ? null : found.get(l.idIndex);
            if (f != null) {
                l.personId = f.id();
                if (l.name != null && !sameName(f, l)) {
                    l.reasons.add(reason("NAME_MISMATCH"));
                }
            }
            List<Cover> mine = f == null ? List.of() : covers.getOrDefault(f.id(), List.of());
            if (l.action == null || l.number == null) {
                continue;
            }
            switch (l.action) {
                case ADD -> add(region, uscc, l, mine, status);
                case REMOVE -> remove(uscc, l, mine);
                case CHANGE -> change(uscc, l, f, mine);
                default -> throw new IllegalStateException(l.action.name());
            }
        }
    }

    private boolean sameName(Found f, Line l) {
        if (f.nameIndex() != null) {
            return f.nameIndex().equals(l.nameIndex);
        }
        return l.name.equals(cipher.decrypt(f.nameEnc(), PersonDirectory.NAME));
    }

    private void add(String region, String uscc, Line l, List<Cover> covers,
            Map<LocalDate, Optional<EmployerRegistry.Status>> status) {
        if (l.date == null) {
            return;
        }
        Optional<EmployerRegistry.Status> s = status.computeIfAbsent(l.date,
                d -> employers.statusOn(region, uscc, d));
        if (s.orElse(null) != EmployerRegistry.Status.ACTIVE) {
            l.reasons.add(new Reason("EMPLOYER_NOT_ACTIVE",
                    text("EMPLOYER_NOT_ACTIVE", Locale.SIMPLIFIED_CHINESE, l.date.toString(),
                            s.map(EmployerRegistry.Status::zh).orElse("未登记")),
                    text("EMPLOYER_NOT_ACTIVE", Locale.ENGLISH, l.date.toString(),
                            s.map(EmployerRegistry.Status::en).orElse("not registered"))));
        }
        covers.stream().filter(c -> c.overlapsFrom(l.date)).findFirst().ifPresent(c -> {
            boolean flexible = c.employer() == null;
            l.reasons.add(new Reason("COVERAGE_OVERLAP",
                    text("COVERAGE_OVERLAP", Locale.SIMPLIFIED_CHINESE, c.type(),
                            flexible ? "灵活就业" : c.employer().equals(uscc) ? "本单位" : c.employer(),
                            c.start().toString(), c.end() == null ? "至今" : c.end().toString()),
                    text("COVERAGE_OVERLAP", Locale.ENGLISH, c.type(),
                            flexible ? "a flexible worker" : c.employer().equals(uscc) ? "this employer" : c.employer(),
                            c.start().toString(), c.end() == null ? "open" : c.end().toString())));
        });
    }

    private void remove(String uscc, Line l, List<Cover> covers) {
        List<Cover> open = covers.stream().filter(c -> uscc.equals(c.employer()) && c.end() == null).toList();
        if (open.isEmpty()) {
            l.reasons.add(reason("NOT_ENROLLED"));
            return;
        }
        if (l.date == null) {
            return;
        }
        LocalDate start = open.stream().map(Cover::start).max(LocalDate::compareTo).orElseThrow();
        if (l.date.isBefore(start)) {
            l.reasons.add(reason("END_BEFORE_START", l.date.toString(), start.toString()));
            return;
        }
        l.closing = open.stream().map(Cover::id).toList();
    }

    private void change(String uscc, Line l, Found f, List<Cover> covers) {
        if (f == null) {
            l.reasons.add(reason("PERSON_UNKNOWN"));
            return;
        }
        if (l.date != null && covers.stream().noneMatch(c -> uscc.equals(c.employer()) && c.covers(l.date))) {
            l.reasons.add(reason("NOT_EMPLOYEE", l.date.toString()));
        }
    }

    // ------------------------------------------------------------------ reasons

    Reason reason(String code, Object... args) {
        return new Reason(code, text(code, Locale.SIMPLIFIED_CHINESE, args), text(code, Locale.ENGLISH, args));
    }

    private String text(String code, Locale locale, Object... args) {
        return messages.getMessage("roster.reason." + code, args, code, locale);
    }

    private static String shown(String text) {
        return text == null ? "（空）/ (blank)" : text;
    }
}
